import { describeValue } from '../../errors/argument-checks.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { StateError } from '../../errors/state-error.js';
import type { KeyGroup } from '../key-group.js';
import type { KeyGroupRange } from '../key-group-range.js';
import type { StateKind } from '../state-descriptor.js';
import type { InternalKey } from './key-context.js';
import type { KeyGroupedSections } from './key-grouped-sections.js';
import type { StateTable } from './state-table.js';

/** What a heap backend restores into (see {@link restoreHeapSnapshots}). */
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
 * The internal form and hash of a restored `key` of state `name` stored
 * under `keyGroup`, checked to belong there.
 * @throws StateError STATE_RESTORE_FAILED for an unusable key or one stored under another group.
 */
export function locateRestoredKey(target: HeapRestoreTarget, key: unknown, keyGroup: KeyGroup, name: string): { key: InternalKey; hash: number } {
  let located: { key: InternalKey; keyGroup: KeyGroup; hash: number };
  try {
    located = target.locateKey(key);
  } catch (error) {
    throw restoreError(`State '${name}' in key group ${keyGroup} of the snapshot holds an unusable key: ${String(error)}`, error);
  }
  if (located.keyGroup !== keyGroup) throw wrongKeyGroupError(key, name, located.keyGroup, keyGroup);
  return located;
}

/** The error for a key whose hash puts it in `actual` while it is stored under `stored`. */
export function wrongKeyGroupError(key: unknown, name: string, actual: KeyGroup, stored: KeyGroup): StateError {
  return restoreError(
    `Key ${describeValue(key)} of state '${name}' belongs to key group ${actual} but the snapshot stores it ` +
      `under key group ${stored}: the snapshot is corrupt or was written with another key encoding.`,
  );
}

/** A StateError STATE_RESTORE_FAILED. */
export function restoreError(message: string, cause?: unknown): StateError {
  return new StateError(ErrorCodes.STATE_RESTORE_FAILED, message, cause === undefined ? undefined : { cause });
}
