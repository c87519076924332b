import { requireIntegerInRange } from '../errors/argument-checks.js';
import { CheckpointError } from '../errors/checkpoint-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import { chunkRefOf, compareByCheckpointId, requireChunkRef, requireLocation } from './checkpoint-path.js';
import type { CheckpointPointer, CheckpointStorage, ChunkRef } from './checkpoint-storage.js';
import {
  abortCommitted,
  alreadyCommitted,
  checkpointNotFound,
  foreignPointer,
  locationMismatch,
} from './checkpoint-storage-errors.js';
import { MemoryCheckpointRoot } from './memory-checkpoint-root.js';
import { StorageGuard } from './storage-guard.js';

/** Options of {@link MemoryCheckpointStorage}. */
export interface MemoryCheckpointStorageOptions {
  /** Largest chunk, and largest checkpoint (chunks plus metadata), in bytes. Default 5 MiB, as in Flink. */
  readonly maxCheckpointSize?: number;
  /**
   * The data to open (and lock). Default: a fresh, private root. A
   * `MemoryStateBackend` passes the one it keeps across job runs.
   */
  readonly root?: MemoryCheckpointRoot;
}

/** Flink's default `maxStateSize` of the memory state backend: 5 MiB. */
export const DEFAULT_MAX_CHECKPOINT_SIZE = 5 * 1024 * 1024;

const DESCRIPTION = 'memory';

/**
 * Checkpoint storage in plain Maps: fast, and gone when the process ends
 * (Flink's JobManagerCheckpointStorage). Bytes are copied in and out, so
 * callers may reuse their buffers. Each checkpoint (its chunks plus its
 * metadata) is capped at `maxCheckpointSize` because it lives on the heap
 * next to working state.
 *
 * Opening takes the root's lock: a second storage on the same root fails
 * with STORAGE_LOCKED until the first is closed. Closing keeps the data in
 * the root, so the next storage opened on it sees the same checkpoints.
 *
 * @example
 * ```ts
 * const storage = new MemoryCheckpointStorage({ maxCheckpointSize: 16 * 1024 * 1024 });
 * const ref = await storage.writeChunk('chk-1', 'op-a/kg-0-127', bytes);
 * const pointer = await storage.commitCheckpoint('chk-1', 1, metadata);
 * const again = await storage.readChunk(pointer, ref);
 * ```
 * @throws ConfigError INVALID_ARGUMENT when `maxCheckpointSize` is not a positive integer.
 * @throws CheckpointError STORAGE_LOCKED when another storage holds `root`.
 */
export class MemoryCheckpointStorage implements CheckpointStorage {
  readonly description = DESCRIPTION;
  readonly maxCheckpointSize: number;
  private readonly root: MemoryCheckpointRoot;
  private readonly guard = new StorageGuard(DESCRIPTION);

  constructor(options: MemoryCheckpointStorageOptions = {}) {
    this.maxCheckpointSize =
      options.maxCheckpointSize === undefined
        ? DEFAULT_MAX_CHECKPOINT_SIZE
        : requireIntegerInRange(options.maxCheckpointSize, 'maxCheckpointSize', 1, Number.MAX_SAFE_INTEGER);
    this.root = options.root ?? new MemoryCheckpointRoot();
    if (this.root.holder !== undefined) {
      throw new CheckpointError(
        ErrorCodes.STORAGE_LOCKED,
        'The checkpoint storage of this MemoryStateBackend is held by another running job. ' +
          'Cancel that job (or close its storage) first, or give each concurrent job its own MemoryStateBackend.',
      );
    }
    this.root.holder = this;
  }

  writeChunk(location: string, name: string, bytes: Uint8Array): Promise<ChunkRef> {
    return this.guard.run(async () => {
      const ref = chunkRefOf(location, name);
      if (this.root.completed.has(location)) throw alreadyCommitted(DESCRIPTION, location);
      if (bytes.byteLength > this.maxCheckpointSize) this.tooLarge(`Chunk '${ref}'`, bytes.byteLength);
      const total = this.root.sizeOf(location) - (this.root.get(location, name)?.byteLength ?? 0) + bytes.byteLength;
      if (total > this.maxCheckpointSize) this.tooLarge(`Checkpoint '${location}'`, total);
      this.root.put(location, name, bytes.slice());
      return ref;
    });
  }

  readChunk(pointer: CheckpointPointer, ref: ChunkRef): Promise<Uint8Array> {
    return this.guard.run(async () => {
      this.requireOwn(pointer);
      const { location, name } = requireChunkRef(ref);
      const bytes = this.root.get(location, name);
      if (bytes === undefined) throw checkpointNotFound(DESCRIPTION, `Chunk '${ref}'`);
      return bytes.slice();
    });
  }

  commitCheckpoint(location: string, checkpointId: number, metadata: Uint8Array): Promise<CheckpointPointer> {
    return this.guard.run(async () => {
      const parsed = requireLocation(location);
      if (parsed.checkpointId !== checkpointId) throw locationMismatch(location, checkpointId);
      if (this.root.completed.has(location)) throw alreadyCommitted(DESCRIPTION, location);
      const total = this.root.sizeOf(location) + metadata.byteLength;
      if (total > this.maxCheckpointSize) this.tooLarge(`Checkpoint '${location}' with its metadata`, total);
      const pointer: CheckpointPointer = { checkpointId, location, savepoint: parsed.savepoint };
      this.root.completed.set(location, { pointer, metadata: metadata.slice() });
      return pointer;
    });
  }

  readMetadata(pointer: CheckpointPointer): Promise<Uint8Array> {
    return this.guard.run(async () => {
      this.requireOwn(pointer);
      return this.completedAt(requireLocation(pointer.location).location).metadata.slice();
    });
  }

  resolve(location: string): Promise<CheckpointPointer> {
    return this.guard.run(async () => this.completedAt(requireLocation(location).location).pointer);
  }

  listCompleted(): Promise<CheckpointPointer[]> {
    return this.guard.run(async () => [...this.root.completed.values()].map((c) => c.pointer).sort(compareByCheckpointId));
  }

  abortCheckpoint(location: string): Promise<void> {
    return this.guard.run(async () => {
      requireLocation(location);
      if (this.root.completed.has(location)) throw abortCommitted(DESCRIPTION, location);
      this.root.deleteChunks(location);
    });
  }

  discard(pointer: CheckpointPointer, keep: ReadonlySet<ChunkRef> = new Set()): Promise<void> {
    return this.guard.run(async () => {
      this.requireOwn(pointer);
      const { location } = requireLocation(pointer.location);
      this.root.completed.delete(location);
      this.root.deleteChunks(location, keep);
    });
  }

  /** Releases the lock; the checkpoints stay in the root for the next storage opened on it. Idempotent. */
  async close(): Promise<void> {
    if (this.guard.close() && this.root.holder === this) this.root.holder = undefined;
  }

  private completedAt(location: string) {
    const completed = this.root.completed.get(location);
    if (completed === undefined) throw checkpointNotFound(DESCRIPTION, `Checkpoint '${location}'`);
    return completed;
  }

  private requireOwn(pointer: CheckpointPointer): void {
    if (pointer.root !== undefined) throw foreignPointer(DESCRIPTION, pointer.root);
  }

  private tooLarge(what: string, size: number): never {
    throw new CheckpointError(
      ErrorCodes.CHECKPOINT_STORAGE_FAILED,
      `${what} is ${size} bytes, over the memory state backend's limit of ${this.maxCheckpointSize} bytes. ` +
        'Raise `maxCheckpointSize` (new MemoryStateBackend({ maxCheckpointSize })) or use the IndexedDB or filesystem state backend.',
    );
  }
}
