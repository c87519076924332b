import type { WeirError } from '../errors/weir-error.js';
import type { CheckpointBarrier } from '../runtime/stream-element.js';
import type { Clock } from '../time/clock.js';
import type { CheckpointEvent } from './checkpoint-events.js';
import type { CheckpointPointer, CheckpointStorage } from './checkpoint-storage.js';
import type { ResolvedCheckpointingOptions } from './checkpointing-options.js';
import type { CheckpointMetadata } from './metadata/checkpoint-metadata.js';

/** An operator of the job, as checkpoints know it. */
export interface CheckpointedOperator {
  readonly uid: string;
  readonly name: string;
  readonly parallelism: number;
}

/** The running execution a coordinator injects barriers into and notifies. */
export interface CheckpointTarget {
  /** Injects `barrier` at every source; false (and nothing injected) when a source is not running. Async across workers. */
  injectBarrier(barrier: CheckpointBarrier): boolean | Promise<boolean>;
  /** Checkpoint `id` is complete: operators and sinks commit. A rejection fails the job. */
  notifyCheckpointComplete(checkpointId: number): Promise<void>;
  notifyCheckpointAborted(checkpointId: number): void;
}

/** A checkpoint or savepoint that completed. */
export interface CompletedCheckpoint {
  readonly checkpointId: number;
  readonly savepoint: boolean;
  readonly pointer: CheckpointPointer;
  readonly metadata: CheckpointMetadata;
  /** The savepoint file (metadata with every chunk inline), for savepoints. */
  readonly bytes?: Uint8Array;
}

/** What a {@link CheckpointCoordinator} works with. */
export interface CheckpointCoordinatorParameters {
  readonly options: ResolvedCheckpointingOptions;
  readonly storage: CheckpointStorage;
  readonly clock: Clock;
  readonly jobName: string;
  readonly maxParallelism: number;
  readonly operators: readonly CheckpointedOperator[];
  /** The first id to use: above every id already in the storage. */
  readonly firstCheckpointId: number;
  readonly emit: (event: CheckpointEvent) => void;
  /** Fails the job (too many failed checkpoints, a failing commit). */
  readonly failJob: (error: WeirError) => void;
}
