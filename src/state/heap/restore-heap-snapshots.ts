import { isEncodedKeyedState, type RestorableKeyedState } from '../encoded-keyed-state.js';
import type { KeyedStateSnapshot } from '../keyed-state-snapshot.js';
import type { StateRow } from '../internal-keyed-state.js';
import type { NamespaceKey } from '../namespace-serializer.js';
import type { StateKind } from '../state-descriptor.js';
import { copyStateValue } from './copy-state-value.js';
import { locateRestoredKey, restoreError, type HeapRestoreTarget } from './heap-restore-target.js';
import { loadEncodedKeyedState } from './load-encoded-keyed-state.js';
import type { StateTable } from './state-table.js';

/**
 * Loads every key group of `states` that lies in the target's range: rows
 * of plain snapshots are copied (so a snapshot can be restored again);
 * stored chunks are decoded straight into the tables
 * ({@link loadEncodedKeyedState}). The maxParallelism and the kind of every
 * state are checked before anything is loaded; keys and chunk contents as
 * they are loaded, so a failed restore leaves the target partly loaded (the
 * task fails and its backend is disposed).
 *
 * @throws StateError (STATE_RESTORE_FAILED) on a maxParallelism mismatch, a
 * state whose kind differs from the registered one, or a key stored under the
 * wrong key group; CheckpointError CHECKPOINT_CORRUPT naming the chunk for a
 * malformed chunk.
 */
export function restoreHeapSnapshots(states: readonly RestorableKeyedState[], target: HeapRestoreTarget): void {
  const kinds = validate(states, target);
  for (const [name, kind] of kinds) target.tableFor(name, kind);
  for (const state of states) {
    if (isEncodedKeyedState(state)) loadEncodedKeyedState(state, target, kinds);
    else loadRows(state, target, kinds);
  }
}

function loadRows(snapshot: KeyedStateSnapshot, target: HeapRestoreTarget, kinds: ReadonlyMap<string, StateKind>): void {
  const range = target.keyGroupRange;
  for (const group of snapshot.keyGroups) {
    if (!range.contains(group.keyGroup)) continue;
    for (const { name, rows } of group.states) {
      const table = target.tableFor(name, kinds.get(name)!);
      reserve(table, group.keyGroup - range.start, rows);
      // Tuple keys are re-interned (copied) by locate; values are copied here.
      for (const [key, namespace, value] of rows) {
        const located = locateRestoredKey(target, key, group.keyGroup, name);
        table.load(group.keyGroup - range.start, located.key, located.hash, namespace, copyStateValue(value));
      }
    }
    for (const { name, rows } of group.sections) {
      target.sections.restoreKeyGroup(name, group.keyGroup, structuredClone(rows));
    }
  }
}

/** Sizes the maps the rows go to first: loading rows in slot order into growing maps clusters them. */
function reserve(table: StateTable, g: number, rows: readonly StateRow[]): void {
  if (rows.length < 16) return;
  const counts = new Map<NamespaceKey, number>();
  for (const row of rows) counts.set(row[1], (counts.get(row[1]) ?? 0) + 1);
  for (const [namespace, count] of counts) table.restoreMap(g, namespace, count);
}

/** The kind of every state (registered, or declared by what is restored); throws on conflicts. */
function validate(states: readonly RestorableKeyedState[], target: HeapRestoreTarget): Map<string, StateKind> {
  const kinds = new Map<string, StateKind>();
  for (const table of target.tables.values()) kinds.set(table.name, table.kind);
  const declare = (maxParallelism: number, declared: KeyedStateSnapshot['states']) => {
    if (maxParallelism !== target.maxParallelism) {
      throw restoreError(
        `The snapshot was taken with maxParallelism ${maxParallelism} but this operator has ` +
          `maxParallelism ${target.maxParallelism}; key groups would not line up, so keys would land in the wrong groups. ` +
          `Run the job with maxParallelism ${maxParallelism} to restore it.`,
      );
    }
    for (const { name, kind } of declared) {
      const known = kinds.get(name);
      if (known !== undefined && known !== kind) {
        throw restoreError(
          `State '${name}' is ${known} state here but the snapshot holds it as ${kind} state. ` +
            'Keep the kind of a named state stable, or give the new state another name.',
        );
      }
      kinds.set(name, kind);
    }
  };
  for (const state of states) {
    if (isEncodedKeyedState(state)) {
      for (const chain of state.chains) for (const view of chain) declare(view.maxParallelism, view.states);
      continue;
    }
    declare(state.maxParallelism, state.states);
    for (const group of state.keyGroups) {
      for (const { name } of group.states) {
        if (!kinds.has(name)) {
          throw restoreError(`Key group ${group.keyGroup} of the snapshot holds rows of state '${name}', which the snapshot does not declare.`);
        }
      }
    }
  }
  return kinds;
}
