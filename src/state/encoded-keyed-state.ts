import type { KeyedStateSnapshot } from './keyed-state-snapshot.js';
import type { EncodedKeyedView } from './snapshot/encoded-keyed-view.js';

/**
 * Keyed state as a checkpoint stores it, for `KeyedStateBackend.restore` to
 * load straight into its tables, without building rows first (restoring a
 * large state from rows spends most of its time allocating them). What
 * `loadCheckpoint` hands operators. Plain, structured-clone-safe data; the
 * backend only reads the chunks.
 *
 * @example
 * ```ts
 * backend.restore([{ kind: 'encoded', chains: [[full, delta1], [fullOfSubtask1]] }]);
 * ```
 */
export interface EncodedKeyedState {
  readonly kind: 'encoded';
  /**
   * One chain per old subtask whose key groups overlap the restoring
   * backend's: its full view, then its deltas oldest first. Groups outside
   * the backend's range are skipped unread.
   */
  readonly chains: readonly (readonly EncodedKeyedView[])[];
}

/** What `KeyedStateBackend.restore` takes: plain rows (tests, harnesses) or stored chunks (checkpoints). */
export type RestorableKeyedState = KeyedStateSnapshot | EncodedKeyedState;

/** Whether `state` is stored chunks rather than rows. */
export function isEncodedKeyedState(state: RestorableKeyedState): state is EncodedKeyedState {
  return (state as Partial<EncodedKeyedState>).kind === 'encoded';
}

/** Whether `state` holds nothing at all (no entries, no timers). Cheap: chunks are not decoded, so a chain whose deltas removed everything counts as holding something. */
export function isEmptyKeyedState(state: RestorableKeyedState): boolean {
  if (isEncodedKeyedState(state)) return state.chains.every((chain) => chain.every((view) => view.chunks.length === 0));
  return state.keyGroups.length === 0;
}
