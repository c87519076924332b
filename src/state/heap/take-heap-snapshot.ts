import { CheckpointError } from '../../errors/checkpoint-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import type { StateRow } from '../internal-keyed-state.js';
import type { KeyGroupRange } from '../key-group-range.js';
import type { KeyGroupSnapshot, KeyedStateSnapshot } from '../keyed-state-snapshot.js';
import type { KeyGroupedSections } from './key-grouped-sections.js';
import { copyStateValue } from './copy-state-value.js';
import type { StateTable } from './state-table.js';

/** What a heap backend snapshots. */
export interface HeapSnapshotSource {
  readonly keyGroupRange: KeyGroupRange;
  readonly maxParallelism: number;
  readonly tables: ReadonlyMap<string, StateTable>;
  readonly sections: KeyGroupedSections;
}

/**
 * Copies the heap state into a {@link KeyedStateSnapshot}: only key groups
 * that hold something, values deep-copied (see {@link copyStateValue}: `structuredClone`
 * semantics, faster). Keys are primitives or frozen tuples, so sharing them
 * is safe.
 *
 * @throws CheckpointError (CHECKPOINT_FAILED) when a value cannot be cloned.
 */
export function takeHeapSnapshot(source: HeapSnapshotSource): KeyedStateSnapshot {
  const { keyGroupRange: range, tables, sections } = source;
  const keyGroups: KeyGroupSnapshot[] = [];
  for (let keyGroup = range.start; keyGroup <= range.end; keyGroup++) {
    const states: { name: string; rows: readonly StateRow[] }[] = [];
    for (const table of tables.values()) {
      const rows = copyRows(table, keyGroup - range.start, keyGroup);
      if (rows.length > 0) states.push({ name: table.name, rows });
    }
    const sectionRows = sections.snapshotKeyGroup(keyGroup);
    if (states.length > 0 || sectionRows.length > 0) keyGroups.push({ keyGroup, states, sections: sectionRows });
  }
  return {
    maxParallelism: source.maxParallelism,
    keyGroupRange: { start: range.start, end: range.end },
    states: [...tables.values()].map((table) => ({ name: table.name, kind: table.kind })),
    keyGroups,
  };
}

function copyRows(table: StateTable, offset: number, keyGroup: number): StateRow[] {
  try {
    return table.rowsOf(offset, copyStateValue);
  } catch (error) {
    throw new CheckpointError(
      ErrorCodes.CHECKPOINT_FAILED,
      `State '${table.name}' in key group ${keyGroup} holds a value that cannot be copied for a checkpoint ` +
        `(${error instanceof Error ? error.message : String(error)}). Keyed state values must be structured-cloneable: ` +
        'primitives, plain objects, arrays, Maps, Sets, Dates, typed arrays; not functions, symbols or DOM objects.',
      { cause: error },
    );
  }
}
