/**
 * Where a job's checkpoints and savepoints are persisted: memory, IndexedDB
 * or a directory. Stores opaque byte chunks and, last, the metadata that
 * makes a checkpoint complete. The bytes are already framed and checksummed
 * by the caller; a storage only keeps them safe.
 *
 * Layout (every storage, so a savepoint or checkpoint can move between
 * them): names are `/`-separated relative paths; chunks of checkpoint `n`
 * live under `chk-n/`, savepoints under `savepoint-n/`; the commit record of
 * each is `<location>/_metadata`.
 *
 * Contract:
 * - One writer per storage: creating a writable storage takes a lock (Web
 *   Locks in browsers, a lock file in Node) and a second open fails with
 *   CheckpointError STORAGE_LOCKED; `close()` releases it.
 * - Chunks of a checkpoint are written (possibly concurrently) before its
 *   metadata; a checkpoint whose metadata was never committed does not exist
 *   for `listCompleted()` / `readMetadata()`.
 * - `commitCheckpoint` is atomic and durable when it resolves
 *   (filesystem: temp file, fsync, rename; IndexedDB: one transaction).
 * - Failures reject with a CheckpointError: CHECKPOINT_STORAGE_FAILED for
 *   quota / disk / permission / aborted-transaction errors (cause attached),
 *   CHECKPOINT_NOT_FOUND for missing data, INVALID_CHECKPOINT_PATH for a
 *   name or path that would leave the storage. Nothing is half-visible.
 * - After `close()` every call rejects; `close()` itself never hangs, even
 *   while a write is blocked.
 * - Chunk names are `/`-separated relative paths (no empty, `.` or `..`
 *   segment, no `\`, `:` or NUL; a first segment starting with `_` is
 *   reserved for the storage's own files); refs read back from metadata are
 *   checked the same way (see checkpoint-path.ts).
 * - A committed checkpoint is immutable: `writeChunk` and `commitCheckpoint`
 *   on its location reject with CHECKPOINT_FAILED, `abortCheckpoint` too.
 */
export interface CheckpointStorage {
  /** Human-readable place, for messages: `memory`, `indexeddb:<db>`, `file:///ckpt/job`. */
  readonly description: string;
  /** Persists one chunk of checkpoint (or savepoint) `location`; returns the reference to record in the metadata. */
  writeChunk(location: string, name: string, bytes: Uint8Array): Promise<ChunkRef>;
  /** Reads a chunk of the checkpoint behind `pointer` (refs may point into earlier checkpoints of the same root). */
  readChunk(pointer: CheckpointPointer, ref: ChunkRef): Promise<Uint8Array>;
  /** Durably records the metadata of `location` (`chk-n` / `savepoint-n`): the commit point. */
  commitCheckpoint(location: string, checkpointId: number, metadata: Uint8Array): Promise<CheckpointPointer>;
  /** The metadata bytes behind a pointer; rejects with CHECKPOINT_NOT_FOUND when absent. */
  readMetadata(pointer: CheckpointPointer): Promise<Uint8Array>;
  /**
   * Turns what a user passes to restore into a pointer: a location of this
   * storage (`chk-7`, `savepoint-3`) or, for the filesystem, the path of a
   * checkpoint directory or its `_metadata` file (possibly in another job's
   * directory: then reads resolve against that directory).
   * Rejects with CHECKPOINT_NOT_FOUND when nothing is committed there.
   */
  resolve(location: string): Promise<CheckpointPointer>;
  /** Completed checkpoints and savepoints of this storage, oldest first (by checkpoint id). */
  listCompleted(): Promise<CheckpointPointer[]>;
  /** Deletes the chunks written for `location` that never got committed (an aborted checkpoint). */
  abortCheckpoint(location: string): Promise<void>;
  /**
   * Deletes checkpoint `pointer` (its metadata first) and the chunks stored
   * under its location, except refs in `keep` (still referenced by retained
   * checkpoints). Calling it again for the same location later, with a
   * smaller `keep`, deletes chunks kept before; a missing checkpoint is no error.
   */
  discard(pointer: CheckpointPointer, keep?: ReadonlySet<ChunkRef>): Promise<void>;
  /** Releases the lock and everything held. Idempotent; prompt even while writes are pending. */
  close(): Promise<void>;
}

/** Reference to a stored chunk, relative to the storage root (`chk-5/op-1-0-kg0-63`), never absolute. */
export type ChunkRef = string;

/** Identifies a completed checkpoint or savepoint. */
export interface CheckpointPointer {
  readonly checkpointId: number;
  /** Root-relative location: `chk-7` or `savepoint-7`. */
  readonly location: string;
  readonly savepoint: boolean;
  /**
   * Where chunk refs resolve, when not this storage's own root (filesystem:
   * the absolute directory of a checkpoint restored by path). Undefined for
   * the storage's own checkpoints.
   */
  readonly root?: string;
}

/** `chk-7` → 7; `savepoint-3` → 3; anything else → undefined. */
export function parseLocation(location: string): { checkpointId: number; savepoint: boolean } | undefined {
  const match = /^(chk|savepoint)-(\d{1,15})$/.exec(location);
  if (match === null) return undefined;
  return { checkpointId: Number(match[2]), savepoint: match[1] === 'savepoint' };
}

/** The location of checkpoint (or savepoint) `checkpointId`. */
export function locationOf(checkpointId: number, savepoint: boolean): string {
  return `${savepoint ? 'savepoint' : 'chk'}-${checkpointId}`;
}
