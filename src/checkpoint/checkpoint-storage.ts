/**
 * Where a job's checkpoints and savepoints are persisted: memory, IndexedDB
 * or a directory. Stores opaque byte chunks and, last, the metadata that
 * makes a checkpoint complete.
 *
 * Contract:
 * - Chunks of a checkpoint are written (possibly concurrently) before its
 *   metadata; a checkpoint whose metadata was never committed does not exist
 *   for `listCompleted()` / `readMetadata()`.
 * - `commitCheckpoint` is atomic and durable when it resolves.
 * - Failures reject with a CheckpointError; nothing is half-visible.
 * - One writer per storage: opening it takes a lock (issue 4 adds this).
 */
export interface CheckpointStorage {
  /** Persists one chunk of checkpoint `checkpointId`; returns the reference to record in the metadata. */
  writeChunk(checkpointId: number, name: string, bytes: Uint8Array): Promise<ChunkRef>;
  /** Reads a chunk back; rejects with CheckpointError when it is missing. */
  readChunk(ref: ChunkRef): Promise<Uint8Array>;
  /** Durably records the metadata of checkpoint `checkpointId`: the commit point. */
  commitCheckpoint(checkpointId: number, metadata: Uint8Array, options?: { savepoint?: boolean }): Promise<CheckpointPointer>;
  /** The metadata bytes behind a pointer; rejects with CheckpointError (CHECKPOINT_NOT_FOUND) when absent. */
  readMetadata(pointer: CheckpointPointer): Promise<Uint8Array>;
  /** Completed checkpoints and savepoints, oldest first. */
  listCompleted(): Promise<CheckpointPointer[]>;
  /** Deletes checkpoint `pointer` and its chunks, except chunks in `keep` (still referenced by others). */
  discard(pointer: CheckpointPointer, keep?: ReadonlySet<ChunkRef>): Promise<void>;
  close(): Promise<void>;
}

/** Reference to a stored chunk, relative to the storage (never an absolute path). */
export type ChunkRef = string;

/** Identifies a completed checkpoint or savepoint in its storage. */
export interface CheckpointPointer {
  readonly checkpointId: number;
  /** Storage-relative location, e.g. `chk-7` or `savepoint-7`. */
  readonly location: string;
  readonly savepoint: boolean;
}
