import { CheckpointError } from '../../errors/checkpoint-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { ValueReader } from '../codec/value-reader.js';
import type { StateRow } from '../internal-keyed-state.js';
import type { KeyGroup } from '../key-group.js';
import type { KeyGroupSnapshot, KeyedStateSnapshot } from '../keyed-state-snapshot.js';
import type { NamespaceKey } from '../namespace-serializer.js';
import type { StateKind } from '../state-descriptor.js';
import { KeyedGroupState } from './keyed-group-state.js';
import { ChunkKind } from './keyed-chunk-format.js';

/** One stored keyed-state view of one subtask: what its checkpoint metadata records, and its chunk payloads. */
export interface EncodedKeyedView {
  readonly kind: 'full' | 'delta';
  readonly maxParallelism: number;
  readonly keyGroupRange: { readonly start: KeyGroup; readonly end: KeyGroup };
  readonly states: readonly { readonly name: string; readonly kind: StateKind }[];
  /** Unframed chunk payloads as {@link KeyedCheckpointView.encode} returned them (those outside the wanted range may be left out). */
  readonly chunks: readonly Uint8Array[];
  /** Names the view in error messages: `"checkpoint 7 of operator 'sum', subtask 0"`. */
  readonly what?: string;
}

/** Options of {@link decodeKeyedCheckpoint}. */
export interface DecodeKeyedOptions {
  /** Only key groups in this range are decoded (restoring at another parallelism). Default: all. */
  readonly keyGroupRange?: { readonly start: KeyGroup; readonly end: KeyGroup };
}

/** Where one key group's body sits in one view's chunks. */
interface Segment {
  readonly bytes: Uint8Array;
  readonly states: readonly string[];
  readonly what: string;
}

const STATE_KINDS: ReadonlySet<string> = new Set<StateKind>(['value', 'list', 'map', 'reducing', 'aggregating']);

/**
 * Turns the stored views of one subtask — a full view and then the deltas
 * taken after it, oldest first — into the plain {@link KeyedStateSnapshot}
 * that `KeyedStateBackend.restore` takes. With `keyGroupRange`, only those
 * groups are decoded (the rest are skipped unread), so a new subtask reads
 * its part of each old subtask's state: restore then gets one snapshot per
 * old subtask whose range overlaps.
 *
 * Groups no delta touched are decoded straight into rows; the others are
 * built up entry by entry (drops, removals, puts, sections, in view order).
 *
 * @example
 * ```ts
 * const snapshot = decodeKeyedCheckpoint([fullView, delta1, delta2], { keyGroupRange: backend.keyGroupRange });
 * backend.restore([snapshot]);
 * ```
 * @throws CheckpointError CHECKPOINT_CORRUPT naming the view and chunk when
 * a payload is malformed or the views do not form one chain.
 */
export function decodeKeyedCheckpoint(views: readonly EncodedKeyedView[], options: DecodeKeyedOptions = {}): KeyedStateSnapshot {
  const base = checkChain(views);
  const range = options.keyGroupRange ?? base.keyGroupRange;
  const from = Math.max(range.start, base.keyGroupRange.start);
  const to = Math.min(range.end, base.keyGroupRange.end);
  // segments[v][g - from]: the body of group g in view v.
  const segments = views.map((view, v) => indexView(view, v, from, to));
  const keyGroups: KeyGroupSnapshot[] = [];
  for (let g = from; g <= to; g++) {
    const bodies: (Segment | undefined)[] = segments.map((byGroup) => byGroup[g - from]);
    const group = bodies.length === 1 || bodies.every((body, v) => v === 0 || body === undefined) ? directGroup(g, bodies[0]) : appliedGroup(g, bodies);
    if (group !== undefined && (group.states.length > 0 || group.sections.length > 0)) keyGroups.push(group);
  }
  return {
    maxParallelism: base.maxParallelism,
    keyGroupRange: { start: base.keyGroupRange.start, end: base.keyGroupRange.end },
    states: mergeStates(views),
    keyGroups,
  };
}

function checkChain(views: readonly EncodedKeyedView[]): EncodedKeyedView {
  const base = views[0];
  if (base === undefined || base.kind !== 'full') {
    throw chainError(`it must start with a full view, got ${base === undefined ? 'no views' : 'a delta'}${whatOf(base)}`);
  }
  for (let v = 1; v < views.length; v++) {
    const view = views[v]!;
    if (view.kind !== 'delta') throw chainError(`view ${v}${whatOf(view)} is full; only the first view of a chain may be`);
    if (
      view.maxParallelism !== base.maxParallelism ||
      view.keyGroupRange.start !== base.keyGroupRange.start ||
      view.keyGroupRange.end !== base.keyGroupRange.end
    ) {
      throw chainError(`view ${v}${whatOf(view)} covers another subtask (key groups or maxParallelism differ from the full view)`);
    }
  }
  return base;
}

/** Finds the groups `from..to` in a view's chunks without decoding them. */
function indexView(view: EncodedKeyedView, v: number, from: KeyGroup, to: KeyGroup): (Segment | undefined)[] {
  const out = new Array<Segment | undefined>(to - from + 1).fill(undefined);
  const name = view.what ?? `keyed-state view ${v}`;
  view.chunks.forEach((bytes, c) => {
    const what = `chunk ${c} of ${name}`;
    const reader = new ValueReader(bytes, what);
    const kind = reader.readVarint();
    if (kind !== (view.kind === 'full' ? ChunkKind.FULL : ChunkKind.DELTA)) throw reader.corrupt(`it is a ${kind === ChunkKind.FULL ? 'full' : 'delta'} chunk in a ${view.kind} view`);
    const states: string[] = [];
    for (let n = reader.readVarint(), i = 0; i < n; i++) {
      const state = reader.read();
      const kindName = reader.read();
      if (typeof state !== 'string' || typeof kindName !== 'string' || !STATE_KINDS.has(kindName)) throw reader.corrupt('a state name or kind is malformed');
      states.push(state);
    }
    const groups = reader.readUint32();
    for (let i = 0; i < groups; i++) {
      const g = reader.readVarint();
      const length = reader.readUint32();
      const start = reader.offset;
      reader.skip(length);
      if (g < view.keyGroupRange.start || g > view.keyGroupRange.end) throw reader.corrupt(`key group ${g} lies outside the view's range`);
      if (g < from || g > to) continue;
      if (out[g - from] !== undefined) throw reader.corrupt(`key group ${g} appears twice`);
      out[g - from] = { bytes: bytes.subarray(start, start + length), states, what };
    }
    if (!reader.done) throw reader.corrupt('extra bytes follow the last key group');
  });
  return out;
}

/** A group only the full view holds: its rows straight from the bytes. */
function directGroup(keyGroup: KeyGroup, segment: Segment | undefined): KeyGroupSnapshot | undefined {
  if (segment === undefined) return undefined;
  const byState = new Map<string, StateRow[]>();
  // A full body has no drops or removals (readBody rejects them).
  const sections = readBody(
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
function appliedGroup(keyGroup: KeyGroup, segments: readonly (Segment | undefined)[]): KeyGroupSnapshot {
  const state = new KeyedGroupState();
  const apply: BodyHandler = {
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
    const sections = readBody(segment, keyGroup, apply, v === 0);
    if (sections !== undefined) state.sections = sections;
  });
  return { keyGroup, states: state.rows(), sections: state.sections.filter((section) => section.rows.length > 0) };
}

interface BodyHandler {
  drop(state: string, namespace: NamespaceKey): void;
  remove(state: string, namespace: NamespaceKey, key: unknown): void;
  /** Reads `count` (key, value) pairs of `state` in `namespace` from `reader`. */
  readRows(state: string, namespace: NamespaceKey, count: number, reader: ValueReader): void;
}

/** Reads one group body (see the chunk layout); returns its sections, or undefined when a delta left them unchanged. */
function readBody(segment: Segment, keyGroup: KeyGroup, handler: BodyHandler, full: boolean): { name: string; rows: readonly unknown[] }[] | undefined {
  const reader = new ValueReader(segment.bytes, `key group ${keyGroup} in ${segment.what}`);
  const tables = reader.readUint32();
  for (let t = 0; t < tables; t++) {
    const state = segment.states[reader.readVarint()];
    if (state === undefined) throw reader.corrupt('a table refers to an undeclared state');
    const drops = reader.readVarint();
    if (full && drops > 0) throw reader.corrupt('a full view drops namespaces');
    for (let i = 0; i < drops; i++) handler.drop(state, namespaceOf(reader));
    const removals = reader.readVarint();
    if (full && removals > 0) throw reader.corrupt('a full view removes keys');
    for (let i = 0; i < removals; i++) {
      const key = reader.read();
      handler.remove(state, namespaceOf(reader), key);
    }
    const namespaces = reader.readUint32();
    for (let n = 0; n < namespaces; n++) {
      const namespace = namespaceOf(reader);
      const rows = reader.readUint32();
      if (rows * 2 > reader.remaining) throw reader.corrupt(`${rows} rows cannot fit in the bytes left`);
      handler.readRows(state, namespace, rows, reader);
    }
  }
  const changed = reader.readVarint();
  if (changed === 0 && !full) return undefined;
  if (changed !== 1) throw reader.corrupt('the sections marker is malformed');
  const sections: { name: string; rows: readonly unknown[] }[] = [];
  for (let n = reader.readVarint(), i = 0; i < n; i++) {
    const name = reader.read();
    const rows = reader.read();
    if (typeof name !== 'string' || !Array.isArray(rows)) throw reader.corrupt('a section is malformed');
    if (rows.length > 0) sections.push({ name, rows });
  }
  if (!reader.done) throw reader.corrupt('extra bytes follow the sections');
  return sections;
}

function namespaceOf(reader: ValueReader): NamespaceKey {
  const namespace = reader.read();
  if (namespace === null || typeof namespace === 'string' || typeof namespace === 'number') return namespace;
  throw reader.corrupt('a namespace is not a string, number or null');
}

/** Every state any view declares (the newest kind wins). */
function mergeStates(views: readonly EncodedKeyedView[]): { name: string; kind: StateKind }[] {
  const kinds = new Map<string, StateKind>();
  for (const view of views) for (const { name, kind } of view.states) kinds.set(name, kind);
  return [...kinds].map(([name, kind]) => ({ name, kind }));
}

function whatOf(view: EncodedKeyedView | undefined): string {
  return view?.what === undefined ? '' : ` (${view.what})`;
}

function chainError(detail: string): CheckpointError {
  return new CheckpointError(
    ErrorCodes.CHECKPOINT_CORRUPT,
    `The keyed-state views to restore do not form one chain: ${detail}. Pass a subtask's full view first, then its deltas oldest first.`,
  );
}
