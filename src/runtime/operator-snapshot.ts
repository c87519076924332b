import type { KeyedCheckpointView } from '../state/keyed-checkpoint-view.js';
import type { KeyedStateSnapshot } from '../state/keyed-state-snapshot.js';

/**
 * The state of one operator subtask at a checkpoint: its keyed state (with
 * timers) and operator state (a source's position, a sink's pending
 * transactions). Plain, structured-clone-safe data.
 */
export interface OperatorSnapshot {
  readonly uid: string;
  readonly subtaskIndex: number;
  readonly keyed?: KeyedStateSnapshot;
  readonly operatorState?: unknown;
}

/**
 * The synchronous part of a checkpoint of one operator subtask: a
 * copy-on-write view of its keyed state (persisted afterwards, while records
 * flow) and a copy of its operator state.
 */
export interface OperatorCheckpoint {
  readonly uid: string;
  readonly subtaskIndex: number;
  readonly keyed?: KeyedCheckpointView;
  /** A copy of the operator state, or a promise of it (a sink's async pre-commit), awaited before acknowledging. */
  readonly operatorState?: unknown;
}

/** How an operator takes the view of checkpoint `checkpointId`. */
export interface CheckpointViewOptions {
  /** Ask the keyed backend for a delta on its previous view (it may still give a full one). */
  readonly incremental: boolean;
  /** Every this many views, a full one. */
  readonly compactEvery: number;
}
