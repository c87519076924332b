import type { OperatorCheckpoint } from '../runtime/operator-snapshot.js';
import { yieldToEventLoop } from '../runtime/yield-to-event-loop.js';
import type { CheckpointStorage } from './checkpoint-storage.js';
import type { KeyedLayerMetadata } from './metadata/checkpoint-metadata.js';
import { persistOperatorCheckpoint, type PersistedSubtask } from './persist-operator-checkpoint.js';

/** Which checkpoint a snapshot belongs to, and whether it still matters. */
export interface PersistJob {
  readonly checkpointId: number;
  readonly location: string;
  readonly savepoint: boolean;
  /** True once the checkpoint was declined: the snapshot is dropped, not written. */
  readonly abandoned: () => boolean;
}

/**
 * The asynchronous part of checkpoints, per operator subtask: persists each
 * snapshot after the subtask's previous one (a delta needs the layers of
 * the checkpoint it applies on) and remembers each checkpoint's layers for
 * the deltas that follow.
 */
export class SubtaskPersistence {
  /** Per operator subtask, the layers its keyed state had at each checkpoint deltas may still build on. */
  private readonly layers = new Map<string, Map<number, readonly KeyedLayerMetadata[]>>();
  /** Per operator subtask, the tail of its persist chain. */
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(
    private readonly storage: CheckpointStorage,
    private readonly chunkBytes: number,
  ) {}

  /** Key of one operator subtask. */
  static keyOf(snapshot: Pick<OperatorCheckpoint, 'uid' | 'subtaskIndex'>): string {
    return `${snapshot.uid}\u0000${snapshot.subtaskIndex}`;
  }

  /** Persists `snapshot` once the subtask's earlier ones are; undefined when the checkpoint was abandoned meanwhile. */
  persist(snapshot: OperatorCheckpoint, job: PersistJob): Promise<PersistedSubtask | undefined> {
    const key = SubtaskPersistence.keyOf(snapshot);
    const previous = this.tails.get(key) ?? Promise.resolve();
    const persisted = previous
      .catch(() => {})
      .then(async () => {
        if (job.abandoned()) {
          snapshot.keyed?.release();
          return undefined;
        }
        const result = await persistOperatorCheckpoint(snapshot, {
          storage: this.storage,
          location: job.location,
          savepoint: job.savepoint,
          chunkBytes: this.chunkBytes,
          layersAt: (id) => this.layers.get(key)?.get(id),
          pause: yieldToEventLoop,
        });
        // Savepoints stand alone: no checkpoint builds on them.
        if (!job.savepoint && result.metadata.keyed !== undefined) {
          let byId = this.layers.get(key);
          if (byId === undefined) this.layers.set(key, (byId = new Map()));
          byId.set(job.checkpointId, result.metadata.keyed.layers);
        }
        return result;
      });
    this.tails.set(key, persisted);
    return persisted;
  }

  /** Forgets layers of checkpoints before `checkpointId` (it completed: later deltas build on it or later). */
  forgetBefore(checkpointId: number): void {
    for (const byId of this.layers.values()) for (const id of byId.keys()) if (id < checkpointId) byId.delete(id);
  }
}
