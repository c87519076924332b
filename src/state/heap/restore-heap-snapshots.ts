import { describeValue } from '../../errors/argument-checks.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { StateError } from '../../errors/state-error.js';
import type { KeyGroup } from '../key-group.js';
import type { KeyGroupRange } from '../key-group-range.js';
import type { KeyedStateSnapshot } from '../keyed-state-snapshot.js';
import type { StateRow } from '../internal-keyed-state.js';
import type { NamespaceKey } from '../namespace-serializer.js';
import type { StateKind } from '../state-descriptor.js';
import type { InternalKey } from './key-context.js';
import type { KeyGroupedSections } from './key-grouped-sections.js';
import { copyStateValue } from './copy-state-value.js';
import type { StateTable } from './state-table.js';

/** What a heap backend restores into. */
export interface HeapRestoreTarget {
  readonly keyGroupRange: KeyGroupRange;
  readonly maxParallelism: number;
  readonly tables: ReadonlyMap<string, StateTable>;
  readonly sections: KeyGroupedSections;
  /** The table named `name`, created (pending registration) when missing. */
  tableFor(name: string, kind: StateKind): StateTable;
  /** The internal form of a stored key (tuples re-interned) and its key group. */
  locateKey(key: unknown): { key: InternalKey; keyGroup: KeyGroup; hash: number };
}

/**
 * Loads every key group of `snapshots` that lies in the target's range,
 * copying rows so a snapshot can be restored again. Everything is validated
 * before anything is loaded.
 *
 * @throws StateError (STATE_RESTORE_FAILED) on a maxParallelism mismatch, a
 * state whose kind differs from the registered one, or a key stored under the
 * wrong key group.
 */
export function restoreHeapSnapshots(snapshots: readonly KeyedStateSnapshot[], target: HeapRestoreTarget): void {
  const kinds = validate(snapshots, target);
  for (const [name, kind] of kinds) target.tableFor(name, kind);
  const range = target.keyGroupRange;
  for (const snapshot of snapshots) {
    for (const group of snapshot.keyGroups) {
      if (!range.contains(group.keyGroup)) continue;
      for (const { name, rows } of group.states) {
        const table = target.tableFor(name, kinds.get(name)!);
        reserve(table, group.keyGroup - range.start, rows);
        // Tuple keys are re-interned (copied) by locate; values are copied here.
        for (const [key, namespace, value] of rows) {
          const located = locate(target, key, group.keyGroup, name);
          table.load(group.keyGroup - range.start, located.key, located.hash, namespace, copyStateValue(value));
        }
      }
      for (const { name, rows } of group.sections) {
        target.sections.restoreKeyGroup(name, group.keyGroup, structuredClone(rows));
      }
    }
  }
}

/** Sizes the maps the rows go to first: loading rows in slot order into growing maps clusters them. */
function reserve(table: StateTable, g: number, rows: readonly StateRow[]): void {
  if (rows.length < 16) return;
  const counts = new Map<NamespaceKey, number>();
  for (const row of rows) counts.set(row[1], (counts.get(row[1]) ?? 0) + 1);
  for (const [namespace, count] of counts) table.reserve(g, namespace, count);
}

function validate(snapshots: readonly KeyedStateSnapshot[], target: HeapRestoreTarget): Map<string, StateKind> {
  const kinds = new Map<string, StateKind>();
  for (const table of target.tables.values()) kinds.set(table.name, table.kind);
  for (const snapshot of snapshots) {
    if (snapshot.maxParallelism !== target.maxParallelism) {
      throw restoreError(
        `The snapshot was taken with maxParallelism ${snapshot.maxParallelism} but this operator has ` +
          `maxParallelism ${target.maxParallelism}; key groups would not line up, so keys would land in the wrong groups. ` +
          `Run the job with maxParallelism ${snapshot.maxParallelism} to restore it.`,
      );
    }
    for (const { name, kind } of snapshot.states) {
      const known = kinds.get(name);
      if (known !== undefined && known !== kind) {
        throw restoreError(
          `State '${name}' is ${known} state here but the snapshot holds it as ${kind} state. ` +
            'Keep the kind of a named state stable, or give the new state another name.',
        );
      }
      kinds.set(name, kind);
    }
    for (const group of snapshot.keyGroups) {
      for (const { name } of group.states) {
        if (!kinds.has(name)) {
          throw restoreError(`Key group ${group.keyGroup} of the snapshot holds rows of state '${name}', which the snapshot does not declare.`);
        }
      }
    }
  }
  return kinds;
}

function locate(target: HeapRestoreTarget, key: unknown, keyGroup: KeyGroup, name: string): { key: InternalKey; hash: number } {
  let located: { key: InternalKey; keyGroup: KeyGroup; hash: number };
  try {
    located = target.locateKey(key);
  } catch (error) {
    throw restoreError(`State '${name}' in key group ${keyGroup} of the snapshot holds an unusable key: ${String(error)}`, error);
  }
  if (located.keyGroup !== keyGroup) {
    throw restoreError(
      `Key ${describeValue(key)} of state '${name}' belongs to key group ${located.keyGroup} but the snapshot stores it ` +
        `under key group ${keyGroup}: the snapshot is corrupt or was written with another key encoding.`,
    );
  }
  return located;
}

function restoreError(message: string, cause?: unknown): StateError {
  return new StateError(ErrorCodes.STATE_RESTORE_FAILED, message, cause === undefined ? undefined : { cause });
}
