import type { ValueReader } from '../codec/value-reader.js';
import type { EncodedKeyedState } from '../encoded-keyed-state.js';
import { keyGroupOfHash, type KeyGroup } from '../key-group.js';
import { murmur3Utf16Bits } from '../murmur3.js';
import type { NamespaceKey } from '../namespace-serializer.js';
import type { StateKind } from '../state-descriptor.js';
import { indexKeyedChain } from '../snapshot/index-keyed-chain.js';
import { readGroupBody, type GroupBodyHandler, type GroupSectionRows } from '../snapshot/read-group-body.js';
import { locateRestoredKey, restoreError, wrongKeyGroupError, type HeapRestoreTarget } from './heap-restore-target.js';
import type { StateTable } from './state-table.js';

/**
 * Decodes stored chunks straight into a heap backend's tables: no rows, no
 * copies (decoded values are fresh), each map sized once from the row count
 * the chunk records, string keys hashed as they are read. Per key group, the
 * chain's views apply in order (drops, removals, puts; the newest sections
 * win), and only groups in the target's range are read.
 *
 * Called by {@link restoreHeapSnapshots}, which has checked maxParallelism
 * and state kinds; `kinds` holds the kind of every state.
 *
 * @throws CheckpointError CHECKPOINT_CORRUPT naming the chunk when a chunk
 * is malformed; StateError STATE_RESTORE_FAILED for a key stored under the
 * wrong key group or rows of a state the views do not declare.
 */
export function loadEncodedKeyedState(state: EncodedKeyedState, target: HeapRestoreTarget, kinds: ReadonlyMap<string, StateKind>): void {
  const range = target.keyGroupRange;
  const loader = new GroupLoader(target, kinds);
  for (const chain of state.chains) {
    const { from, to, segments } = indexKeyedChain(chain, range);
    for (let g = from; g <= to; g++) {
      loader.keyGroup = g;
      loader.offset = g - range.start;
      let sections: GroupSectionRows | undefined;
      for (let v = 0; v < segments.length; v++) {
        const segment = segments[v]![g - from];
        if (segment !== undefined) sections = readGroupBody(segment, g, loader, v === 0) ?? sections;
      }
      // Decoded rows are fresh: the sections may keep them.
      if (sections !== undefined) for (const { name, rows } of sections) target.sections.restoreKeyGroup(name, g, rows);
    }
  }
}

/** Applies the entries of one key group body at a time to the target's tables. */
class GroupLoader implements GroupBodyHandler {
  keyGroup: KeyGroup = 0;
  /** `keyGroup - range.start`: the group's slot in the tables. */
  offset = 0;
  private readonly maxParallelism: number;

  constructor(
    private readonly target: HeapRestoreTarget,
    private readonly kinds: ReadonlyMap<string, StateKind>,
  ) {
    this.maxParallelism = target.maxParallelism;
  }

  drop(state: string, namespace: NamespaceKey): void {
    this.table(state).restoreDrop(this.offset, namespace);
  }

  remove(state: string, namespace: NamespaceKey, key: unknown): void {
    const located = locateRestoredKey(this.target, key, this.keyGroup, state);
    this.table(state).restoreRemove(this.offset, namespace, located.key, located.hash);
  }

  readRows(state: string, namespace: NamespaceKey, count: number, reader: ValueReader): void {
    if (count === 0) return;
    const table = this.table(state);
    const keys = table.restoreMap(this.offset, namespace, count);
    const keyGroup = this.keyGroup;
    const maxParallelism = this.maxParallelism;
    for (let i = 0; i < count; i++) {
      const key = reader.read();
      const value = reader.read();
      if (typeof key === 'string') {
        // The common case, without the allocation locateRestoredKey makes.
        const hash = murmur3Utf16Bits(key);
        const group = keyGroupOfHash(hash, maxParallelism);
        if (group !== keyGroup) throw wrongKeyGroupError(key, state, group, keyGroup);
        if (value !== undefined) keys.set(key, hash, value);
      } else {
        const located = locateRestoredKey(this.target, key, keyGroup, state);
        if (value !== undefined) keys.set(located.key, located.hash, value);
      }
    }
    if (keys.size === 0) table.restoreDrop(this.offset, namespace);
  }

  private table(name: string): StateTable {
    const kind = this.kinds.get(name);
    if (kind === undefined) {
      throw restoreError(`Key group ${this.keyGroup} of the snapshot holds entries of state '${name}', which the snapshot does not declare.`);
    }
    return this.target.tableFor(name, kind);
  }
}
