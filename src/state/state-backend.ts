import type { CheckpointStorage } from '../checkpoint/checkpoint-storage.js';
import type { Clock } from '../time/clock.js';
import type { KeyGroupRange } from './key-group-range.js';
import type { KeyedStateBackend } from './keyed-state-backend.js';

/** The names configuration can use to pick a backend. */
export type StateBackendName = 'memory' | 'indexeddb' | 'filesystem';

/** What a subtask's keyed state is created for. */
export interface KeyedStateBackendParameters {
  readonly jobId: string;
  /** uid of the operator that owns the state; names it in errors. */
  readonly operatorUid: string;
  readonly keyGroupRange: KeyGroupRange;
  readonly maxParallelism: number;
  readonly clock: Clock;
}

/** What a job's checkpoint storage is created for. */
export interface CheckpointStorageParameters {
  readonly jobId: string;
  readonly jobName: string;
}

/**
 * Where state lives while a job runs and where its checkpoints go: one
 * choice for the user, two concerns inside (working state, checkpoint
 * storage), as Flink separates them. Working state is always in memory with
 * synchronous access; backends differ in where checkpoints are persisted.
 *
 * Contract: `createKeyedStateBackend` is called once per keyed operator
 * subtask at deploy time; `createCheckpointStorage` once per job run, and the
 * job closes what it gets.
 */
export interface StateBackend {
  readonly name: StateBackendName;
  createKeyedStateBackend(parameters: KeyedStateBackendParameters): KeyedStateBackend;
  createCheckpointStorage(parameters: CheckpointStorageParameters): Promise<CheckpointStorage>;
}
