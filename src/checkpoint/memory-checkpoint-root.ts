import type { CheckpointPointer, ChunkRef } from './checkpoint-storage.js';

/** A committed checkpoint held by a {@link MemoryCheckpointRoot}. */
export interface MemoryCompleted {
  readonly pointer: CheckpointPointer;
  readonly metadata: Uint8Array;
}

/** The chunks stored under one location, and their total size. */
interface LocationChunks {
  readonly chunks: Map<string, Uint8Array>;
  bytes: number;
}

/**
 * The data behind memory checkpoint storages: what a directory is to the
 * filesystem storage. A `MemoryStateBackend` keeps one for its whole life,
 * so a job run can restore from the checkpoints of an earlier run on the
 * same backend instance; `holder` is the lock (one open storage at a time).
 */
export class MemoryCheckpointRoot {
  /** Committed checkpoints by location. */
  readonly completed = new Map<string, MemoryCompleted>();
  /** The storage that holds the lock, if one is open. */
  holder: object | undefined = undefined;
  private readonly locations = new Map<string, LocationChunks>();

  /** Bytes of the chunks stored under `location`. */
  sizeOf(location: string): number {
    return this.locations.get(location)?.bytes ?? 0;
  }

  get(location: string, name: string): Uint8Array | undefined {
    return this.locations.get(location)?.chunks.get(name);
  }

  /** Stores (or replaces) a chunk; `bytes` must not be mutated afterwards. */
  put(location: string, name: string, bytes: Uint8Array): void {
    let entry = this.locations.get(location);
    if (entry === undefined) this.locations.set(location, (entry = { chunks: new Map(), bytes: 0 }));
    entry.bytes += bytes.byteLength - (entry.chunks.get(name)?.byteLength ?? 0);
    entry.chunks.set(name, bytes);
  }

  /** Deletes the chunks under `location` except those whose ref is in `keep`. */
  deleteChunks(location: string, keep: ReadonlySet<ChunkRef> = new Set()): void {
    const entry = this.locations.get(location);
    if (entry === undefined) return;
    for (const [name, bytes] of [...entry.chunks]) {
      if (keep.has(`${location}/${name}`)) continue;
      entry.chunks.delete(name);
      entry.bytes -= bytes.byteLength;
    }
    if (entry.chunks.size === 0) this.locations.delete(location);
  }
}
