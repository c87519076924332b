import type { CheckpointingMode } from '../checkpoint/checkpointing-options.js';
import type { CheckpointedOperator } from '../checkpoint/checkpoint-coordinator-parameters.js';
import type { Sink } from '../connectors/sink.js';
import type { ExecutionOutcome } from './local-executor.js';
import type { OperatorSnapshot } from './operator-snapshot.js';
import type { CheckpointBarrier } from './stream-element.js';
import type { TaskCheckpointHooks } from './task-checkpoint-hooks.js';

/**
 * One attempt of running a job's tasks: in this realm ({@link LocalExecution})
 * or spread over workers. The job client drives it and outlives it: a
 * restart creates a new one.
 */
export interface JobExecution {
  /** Settles once every task finished, or at the first failure. */
  readonly outcome: Promise<ExecutionOutcome>;
  start(): void;
  /** Stops every task without flushing. */
  stop(): void;
  /** Injects a barrier at every source; false when a source is not running. */
  injectBarrier(barrier: CheckpointBarrier): boolean | Promise<boolean>;
  notifyCheckpointComplete(checkpointId: number): Promise<void>;
  notifyCheckpointAborted(checkpointId: number): void;
  /** Counters per operator uid (as last known). */
  metricsSnapshot(): Record<string, Record<string, number>>;
}

/** What each attempt is created with. */
export interface JobExecutionParameters {
  readonly restore: ReadonlyMap<string, readonly OperatorSnapshot[]> | undefined;
  readonly checkpoints: TaskCheckpointHooks;
  readonly checkpointingMode: CheckpointingMode;
}

/** The job as its client needs to know it, whatever runs its tasks. */
export interface JobDescription {
  /** Every operator with state that checkpoints may hold, in plan order. */
  readonly operators: readonly CheckpointedOperator[];
  /** Sinks in this realm whose job hooks (`onJobFinished`...) the client calls, with a uid naming each. */
  readonly sinks: ReadonlyMap<Sink<unknown>, string>;
  /** Sources that cannot replay (warned about when checkpointing is on). */
  readonly nonReplayableSources: readonly { readonly uid: string; readonly name: string }[];
  /** Creates one attempt. */
  createExecution(parameters: JobExecutionParameters): JobExecution;
}
