import type { CheckpointViewOptions, OperatorCheckpoint } from './operator-snapshot.js';
import type { CheckpointBarrier } from './stream-element.js';

/** How long the synchronous part of one task's checkpoint took. */
export interface SnapshotTiming {
  /** Taking the views of every operator of the chain, in ms. */
  readonly syncMs: number;
  /** Waiting for the barrier on every input channel, in ms (0 with one input). */
  readonly alignmentMs: number;
}

/**
 * What a task does with a checkpoint barrier: the runtime takes the
 * synchronous snapshots of the chain's operators and hands them here, where
 * the coordinator persists them asynchronously and acknowledges them.
 *
 * Contract: called on the task's turn of the event loop, in barrier order;
 * `taken` gets one entry per operator of the chain (sources: one entry with
 * their position as operator state); `failed` when a snapshot threw (the
 * checkpoint is declined, the job goes on).
 */
export interface TaskCheckpointHooks {
  readonly viewOptions: CheckpointViewOptions;
  taken(barrier: CheckpointBarrier, snapshots: readonly OperatorCheckpoint[], timing: SnapshotTiming): void;
  failed(barrier: CheckpointBarrier, uid: string, error: unknown): void;
}
