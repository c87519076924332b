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
