import type { KeyGroup } from './key-group.js';
import type { StateKind } from './state-descriptor.js';
import type { StateRow } from './internal-keyed-state.js';

/**
 * A point-in-time copy of one subtask's keyed state, split by key group so it
 * can be persisted in chunks and re-split across another parallelism. Plain,
 * structured-clone-safe data; nothing in it is shared with live state.
 * Arrays of named entries (not objects keyed by name) so that a state called
 * `__proto__` cannot pollute anything.
 */
export interface KeyedStateSnapshot {
  readonly maxParallelism: number;
  /** The range of the subtask that took it (inclusive). */
  readonly keyGroupRange: { readonly start: KeyGroup; readonly end: KeyGroup };
  /** Every registered state, including ones with no entries. */
  readonly states: readonly { readonly name: string; readonly kind: StateKind }[];
  /** Only key groups that hold something. */
  readonly keyGroups: readonly KeyGroupSnapshot[];
}

/** Everything one key group holds. */
export interface KeyGroupSnapshot {
  readonly keyGroup: KeyGroup;
  /** Rows per state name. */
  readonly states: readonly { readonly name: string; readonly rows: readonly StateRow[] }[];
  /** Rows of registered sections (timers), per section name. */
  readonly sections: readonly { readonly name: string; readonly rows: readonly unknown[] }[];
}

/**
 * Extra per-key-group data that snapshots with keyed state: the timer
 * service registers one so pending timers checkpoint with everything else.
 */
export interface KeyGroupedSection {
  readonly name: string;
  /** A copy of the rows of `keyGroup`, or an empty array. Called synchronously during snapshot. */
  snapshotKeyGroup(keyGroup: KeyGroup): readonly unknown[];
  /** Adds restored rows of `keyGroup` (called once per key group found in the snapshots). */
  restoreKeyGroup(keyGroup: KeyGroup, rows: readonly unknown[]): void;
}
