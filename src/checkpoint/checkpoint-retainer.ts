import type { CheckpointPointer, CheckpointStorage, ChunkRef } from './checkpoint-storage.js';
import type { CheckpointMetadata } from './metadata/checkpoint-metadata.js';

/** A completed checkpoint as retention sees it. */
interface Retained {
  readonly pointer: CheckpointPointer;
  readonly metadata: CheckpointMetadata;
}

/**
 * Keeps the newest `retained` completed checkpoints of a job run and
 * deletes older ones (Flink's CompletedCheckpointStore with shared-state
 * registry): an incremental checkpoint references chunks written by earlier
 * ones, so a dropped checkpoint's chunks that a retained one still
 * references stay, and are deleted once nothing retained references them.
 * Only checkpoints this run completed are ever deleted; savepoints never.
 */
export class CheckpointRetainer {
  private readonly completed: Retained[] = [];
  /** Dropped checkpoints whose chunks are partly still referenced. */
  private readonly lingering: CheckpointPointer[] = [];
  private pruning: Promise<void> = Promise.resolve();

  constructor(
    private readonly storage: CheckpointStorage,
    private readonly retained: number,
  ) {}

  /** The newest completed checkpoint of this run, if any. */
  get latest(): Retained | undefined {
    return this.completed.at(-1);
  }

  /** Completed checkpoints of this run still retained, oldest first. */
  get all(): readonly Retained[] {
    return this.completed;
  }

  add(checkpoint: Retained): void {
    this.completed.push(checkpoint);
  }

  /** Deletes checkpoints beyond the retained number, keeping chunks still referenced. Runs one at a time. */
  prune(): Promise<void> {
    this.pruning = this.pruning.then(() => this.dropBeyond(this.retained));
    return this.pruning;
  }

  /** Deletes every checkpoint this run completed (job finished, or cancelled with delete-on-cancellation). */
  discardAll(): Promise<void> {
    this.pruning = this.pruning.then(() => this.dropBeyond(0));
    return this.pruning;
  }

  private async dropBeyond(count: number): Promise<void> {
    while (this.completed.length > count) this.lingering.push(this.completed.shift()!.pointer);
    const keep = new Set<ChunkRef>();
    for (const { metadata } of this.completed) for (const ref of referencedChunks(metadata)) keep.add(ref);
    const still: CheckpointPointer[] = [];
    for (const pointer of this.lingering) {
      try {
        await this.storage.discard(pointer, keep);
      } catch {
        // Best effort: a storage that failed to delete keeps the files; nothing depends on them.
      }
      if ([...keep].some((ref) => ref.startsWith(`${pointer.location}/`))) still.push(pointer);
    }
    this.lingering.splice(0, this.lingering.length, ...still);
  }
}

/** Every chunk ref a checkpoint's metadata points at. */
function referencedChunks(metadata: CheckpointMetadata): ChunkRef[] {
  const refs: ChunkRef[] = [];
  for (const op of metadata.operators) {
    for (const subtask of op.subtasks) {
      for (const layer of subtask.keyed?.layers ?? []) for (const chunk of layer.chunks) if (chunk.ref !== undefined) refs.push(chunk.ref);
    }
  }
  return refs;
}
