import { requireIntegerInRange } from '../errors/argument-checks.js';
import { CheckpointError } from '../errors/checkpoint-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import type { CheckpointPointer, CheckpointStorage, ChunkRef } from './checkpoint-storage.js';

/** Options of {@link MemoryCheckpointStorage}. */
export interface MemoryCheckpointStorageOptions {
  /** Largest chunk, and largest checkpoint (chunks plus metadata), in bytes. Default 5 MiB, as in Flink. */
  readonly maxCheckpointSize?: number;
}

/** Flink's default `maxStateSize` of the memory state backend: 5 MiB. */
export const DEFAULT_MAX_CHECKPOINT_SIZE = 5 * 1024 * 1024;

interface StoredChunk {
  readonly checkpointId: number;
  readonly bytes: Uint8Array;
}

interface Completed {
  readonly pointer: CheckpointPointer;
  readonly metadata: Uint8Array;
}

/**
 * Checkpoint storage in plain Maps: fast, and gone when the process ends
 * (Flink's JobManagerCheckpointStorage). Bytes are copied in and out, so
 * callers may reuse their buffers. Checkpoints are capped at
 * `maxCheckpointSize` because they live on the heap next to working state.
 *
 * @example
 * ```ts
 * const storage = new MemoryCheckpointStorage({ maxCheckpointSize: 16 * 1024 * 1024 });
 * const ref = await storage.writeChunk(1, 'op-a/kg-0', bytes);
 * const pointer = await storage.commitCheckpoint(1, metadata);
 * ```
 */
export class MemoryCheckpointStorage implements CheckpointStorage {
  readonly maxCheckpointSize: number;
  private readonly chunks = new Map<ChunkRef, StoredChunk>();
  /** Bytes written so far per checkpoint id (chunks, then metadata). */
  private readonly sizes = new Map<number, number>();
  /** Completed checkpoints by location, in commit order. */
  private readonly completed = new Map<string, Completed>();
  private closed = false;

  constructor(options: MemoryCheckpointStorageOptions = {}) {
    this.maxCheckpointSize =
      options.maxCheckpointSize === undefined
        ? DEFAULT_MAX_CHECKPOINT_SIZE
        : requireIntegerInRange(options.maxCheckpointSize, 'maxCheckpointSize', 1, Number.MAX_SAFE_INTEGER);
  }

  async writeChunk(checkpointId: number, name: string, bytes: Uint8Array): Promise<ChunkRef> {
    this.requireOpen();
    const ref = `chk-${checkpointId}/${name}`;
    const previous = this.chunks.get(ref)?.bytes.byteLength ?? 0;
    const total = (this.sizes.get(checkpointId) ?? 0) - previous + bytes.byteLength;
    if (bytes.byteLength > this.maxCheckpointSize) this.tooLarge(`Chunk '${name}' of checkpoint ${checkpointId}`, bytes.byteLength);
    if (total > this.maxCheckpointSize) this.tooLarge(`Checkpoint ${checkpointId}`, total);
    this.chunks.set(ref, { checkpointId, bytes: bytes.slice() });
    this.sizes.set(checkpointId, total);
    return ref;
  }

  async readChunk(ref: ChunkRef): Promise<Uint8Array> {
    this.requireOpen();
    const chunk = this.chunks.get(ref);
    if (chunk === undefined) {
      throw new CheckpointError(
        ErrorCodes.CHECKPOINT_NOT_FOUND,
        `Checkpoint chunk '${ref}' does not exist in memory checkpoint storage; it was discarded or never written.`,
      );
    }
    return chunk.bytes.slice();
  }

  async commitCheckpoint(
    checkpointId: number,
    metadata: Uint8Array,
    options: { savepoint?: boolean } = {},
  ): Promise<CheckpointPointer> {
    this.requireOpen();
    const savepoint = options.savepoint === true;
    const pointer: CheckpointPointer = { checkpointId, location: `${savepoint ? 'savepoint' : 'chk'}-${checkpointId}`, savepoint };
    if (this.completed.has(pointer.location)) {
      throw new CheckpointError(
        ErrorCodes.CHECKPOINT_FAILED,
        `${savepoint ? 'Savepoint' : 'Checkpoint'} ${checkpointId} is already committed; each checkpoint id commits once.`,
      );
    }
    const total = (this.sizes.get(checkpointId) ?? 0) + metadata.byteLength;
    if (total > this.maxCheckpointSize) this.tooLarge(`Checkpoint ${checkpointId} with its metadata`, total);
    this.completed.set(pointer.location, { pointer, metadata: metadata.slice() });
    return pointer;
  }

  async readMetadata(pointer: CheckpointPointer): Promise<Uint8Array> {
    this.requireOpen();
    const entry = this.completed.get(pointer.location);
    if (entry === undefined) {
      throw new CheckpointError(
        ErrorCodes.CHECKPOINT_NOT_FOUND,
        `No completed checkpoint at '${pointer.location}' in memory checkpoint storage; memory checkpoints do not outlive the process.`,
      );
    }
    return entry.metadata.slice();
  }

  async listCompleted(): Promise<CheckpointPointer[]> {
    this.requireOpen();
    return [...this.completed.values()].map((entry) => entry.pointer);
  }

  async discard(pointer: CheckpointPointer, keep: ReadonlySet<ChunkRef> = new Set()): Promise<void> {
    this.requireOpen();
    this.completed.delete(pointer.location);
    for (const [ref, chunk] of this.chunks) {
      if (chunk.checkpointId === pointer.checkpointId && !keep.has(ref)) this.chunks.delete(ref);
    }
    this.sizes.delete(pointer.checkpointId);
  }

  /** Releases everything; later calls reject. Closing twice is harmless. */
  async close(): Promise<void> {
    this.closed = true;
    this.chunks.clear();
    this.sizes.clear();
    this.completed.clear();
  }

  private requireOpen(): void {
    if (this.closed) {
      throw new CheckpointError(ErrorCodes.CHECKPOINT_FAILED, 'This memory checkpoint storage is closed; the job that owned it has ended.');
    }
  }

  private tooLarge(what: string, size: number): never {
    throw new CheckpointError(
      ErrorCodes.CHECKPOINT_FAILED,
      `${what} is ${size} bytes, over the memory state backend's limit of ${this.maxCheckpointSize} bytes. ` +
        'Raise `maxCheckpointSize` (new MemoryStateBackend({ maxCheckpointSize })) or use the IndexedDB or filesystem state backend.',
    );
  }
}
