import type { WeirError } from '../errors/weir-error.js';
import type { CheckpointPointer } from './checkpoint-storage.js';

/**
 * What happens to checkpoints, as an Observable (`job.checkpoints$`): the
 * playground draws it, dashboards read it. Times are wall-clock ms since the
 * epoch (`at`) and durations in ms.
 */
export type CheckpointEvent =
  | CheckpointTriggeredEvent
  | CheckpointAcknowledgedEvent
  | CheckpointCompletedEvent
  | CheckpointFailedEvent
  | CheckpointRestoredEvent
  | CheckpointWarningEvent;

/** Barriers of checkpoint (or savepoint) `checkpointId` were injected at the sources. */
export interface CheckpointTriggeredEvent {
  readonly type: 'triggered';
  readonly checkpointId: number;
  readonly savepoint: boolean;
  readonly at: number;
}

/** One operator subtask persisted its part of a checkpoint. */
export interface CheckpointAcknowledgedEvent {
  readonly type: 'acknowledged';
  readonly checkpointId: number;
  readonly uid: string;
  readonly subtaskIndex: number;
  /** Bytes of this subtask's whole state (base plus deltas it references). */
  readonly stateSize: number;
  /** Bytes written for this checkpoint (equal to `stateSize` for a full one). */
  readonly incrementalSize: number;
  readonly syncDurationMs: number;
  readonly asyncDurationMs: number;
  readonly alignmentDurationMs: number;
  readonly at: number;
}

/** Every task acknowledged and the metadata is durable: checkpoint (or savepoint) `checkpointId` is complete. */
export interface CheckpointCompletedEvent {
  readonly type: 'completed';
  readonly checkpointId: number;
  readonly savepoint: boolean;
  readonly pointer: CheckpointPointer;
  readonly stateSize: number;
  readonly incrementalSize: number;
  /** From trigger to durable metadata. */
  readonly durationMs: number;
  readonly at: number;
}

/** Checkpoint `checkpointId` was declined: timeout, storage error, a snapshot that threw, or the job failed. */
export interface CheckpointFailedEvent {
  readonly type: 'failed';
  readonly checkpointId: number;
  readonly savepoint: boolean;
  readonly reason: WeirError;
  /**
   * Whether it counts towards `tolerableFailedCheckpoints`: false for
   * savepoints and for checkpoints declined because the job failed,
   * finished or was cancelled while they were in flight.
   */
  readonly counted: boolean;
  readonly at: number;
}

/** The job (re)started from a checkpoint or savepoint. */
export interface CheckpointRestoredEvent {
  readonly type: 'restored';
  readonly checkpointId: number;
  readonly savepoint: boolean;
  readonly pointer: CheckpointPointer;
  /** Restores of one job run so far, counting this one (0 for a restore at start). */
  readonly attempt: number;
  readonly at: number;
}

/** Something the user should know, e.g. a source that cannot replay. */
export interface CheckpointWarningEvent {
  readonly type: 'warning';
  readonly message: string;
  readonly at: number;
}
