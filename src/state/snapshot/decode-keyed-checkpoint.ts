import type { StateRow } from '../internal-keyed-state.js';
import type { KeyGroup } from '../key-group.js';
import type { KeyGroupSnapshot, KeyedStateSnapshot } from '../keyed-state-snapshot.js';
import type { StateKind } from '../state-descriptor.js';
import type { EncodedKeyedView } from './encoded-keyed-view.js';
import { indexKeyedChain, type GroupSegment } from './index-keyed-chain.js';
import { KeyedGroupState } from './keyed-group-state.js';
import { readGroupBody, type GroupBodyHandler } from './read-group-body.js';

/** Options of {@link decodeKeyedCheckpoint}. */
export interface DecodeKeyedOptions {
  /** Only key groups in this range are decoded (restoring at another parallelism). Default: all. */
  readonly keyGroupRange?: { readonly start: KeyGroup; readonly end: KeyGroup };
}

/**
 * Turns the stored views of one subtask — a full view and then the deltas
 * taken after it, oldest first — into a plain {@link KeyedStateSnapshot} of
 * rows: for tests and tools that inspect stored state. Restoring does not
 * need it: `KeyedStateBackend.restore` takes the views themselves
 * ({@link EncodedKeyedState}) and loads them without building rows. With
 * `keyGroupRange`, only those groups are decoded (the rest are skipped unread).
 *
 * Groups no delta touched are decoded straight into rows; the others are
 * built up entry by entry (drops, removals, puts, sections, in view order).
 *
 * @example
 * ```ts
 * const snapshot = decodeKeyedCheckpoint([fullView, delta1, delta2], { keyGroupRange: { start: 0, end: 63 } });
 * snapshot.keyGroups.length; // groups that hold something
 * ```
 * @throws CheckpointError CHECKPOINT_CORRUPT naming the view and chunk when
 * a payload is malformed or the views do not form one chain.
 */
export function decodeKeyedCheckpoint(views: readonly EncodedKeyedView[], options: DecodeKeyedOptions = {}): KeyedStateSnapshot {
  const { base, from, to, segments } = indexKeyedChain(views, options.keyGroupRange);
  const keyGroups: KeyGroupSnapshot[] = [];
  for (let g = from; g <= to; g++) {
    const bodies = segments.map((byGroup) => byGroup[g - from]);
    const group = bodies.every((body, v) => v === 0 || body === undefined) ? directGroup(g, bodies[0]) : appliedGroup(g, bodies);
    if (group !== undefined && (group.states.length > 0 || group.sections.length > 0)) keyGroups.push(group);
  }
  return {
    maxParallelism: base.maxParallelism,
    keyGroupRange: { start: base.keyGroupRange.start, end: base.keyGroupRange.end },
    states: mergeStates(views),
    keyGroups,
  };
}

/** A group only the full view holds: its rows straight from the bytes. */
function directGroup(keyGroup: KeyGroup, segment: GroupSegment | undefined): KeyGroupSnapshot | undefined {
  if (segment === undefined) return undefined;
  const byState = new Map<string, StateRow[]>();
  // A full body has no drops or removals (readGroupBody rejects them).
  const sections = readGroupBody(
    segment,
    keyGroup,
    {
      drop: () => undefined,
      remove: () => undefined,
      readRows: (state, namespace, count, reader) => {
        let rows = byState.get(state);
        if (rows === undefined) byState.set(state, (rows = []));
        for (let i = 0; i < count; i++) {
          const key = reader.read();
          rows.push([key, namespace, reader.read()]);
        }
      },
    },
    true,
  );
  return { keyGroup, states: [...byState].map(([name, rows]) => ({ name, rows })), sections: sections ?? [] };
}

/** A group some delta touches: the full view's entries, then each delta applied in order. */
function appliedGroup(keyGroup: KeyGroup, segments: readonly (GroupSegment | undefined)[]): KeyGroupSnapshot {
  const state = new KeyedGroupState();
  const apply: GroupBodyHandler = {
    drop: (name, namespace) => state.dropNamespace(name, namespace),
    remove: (name, namespace, key) => state.remove(name, namespace, key),
    readRows: (name, namespace, count, reader) => {
      for (let i = 0; i < count; i++) {
        const key = reader.read();
        state.put(name, namespace, key, reader.read());
      }
    },
  };
  segments.forEach((segment, v) => {
    if (segment === undefined) return;
    const sections = readGroupBody(segment, keyGroup, apply, v === 0);
    if (sections !== undefined) state.sections = sections;
  });
  return { keyGroup, states: state.rows(), sections: state.sections };
}

/** Every state any view declares (the newest kind wins). */
function mergeStates(views: readonly EncodedKeyedView[]): { name: string; kind: StateKind }[] {
  const kinds = new Map<string, StateKind>();
  for (const view of views) for (const { name, kind } of view.states) kinds.set(name, kind);
  return [...kinds].map(([name, kind]) => ({ name, kind }));
}
