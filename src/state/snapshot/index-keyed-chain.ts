import { CheckpointError } from '../../errors/checkpoint-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { ValueReader } from '../codec/value-reader.js';
import type { KeyGroup } from '../key-group.js';
import type { StateKind } from '../state-descriptor.js';
import type { EncodedKeyedView } from './encoded-keyed-view.js';
import { ChunkKind } from './keyed-chunk-format.js';

/** Where one key group's body sits in one view's chunks. */
export interface GroupSegment {
  readonly bytes: Uint8Array;
  /** The state names the chunk declares, by index. */
  readonly states: readonly string[];
  /** Names the chunk in error messages. */
  readonly what: string;
}

/** A chain of views, checked, with the bodies of the wanted key groups located. */
export interface IndexedKeyedChain {
  /** The full view the chain starts with. */
  readonly base: EncodedKeyedView;
  /** The wanted groups that the chain's range holds (empty when `to < from`). */
  readonly from: KeyGroup;
  readonly to: KeyGroup;
  /** `segments[v][g - from]`: the body of group `g` in view `v`, or undefined. */
  readonly segments: readonly (readonly (GroupSegment | undefined)[])[];
}

const STATE_KINDS: ReadonlySet<string> = new Set<StateKind>(['value', 'list', 'map', 'reducing', 'aggregating']);

/**
 * Checks that `views` form one chain (a full view, then deltas of the same
 * subtask) and finds, without decoding them, the bodies of the key groups of
 * `range` (default: the chain's own range) in every chunk: O(groups), so
 * checking a checkpoint this way costs little next to reading it.
 *
 * @throws CheckpointError CHECKPOINT_CORRUPT naming the view and chunk when
 * a chunk header is malformed or the views do not form one chain.
 */
export function indexKeyedChain(
  views: readonly EncodedKeyedView[],
  range?: { readonly start: KeyGroup; readonly end: KeyGroup },
): IndexedKeyedChain {
  const base = checkChain(views);
  const from = Math.max(range?.start ?? base.keyGroupRange.start, base.keyGroupRange.start);
  const to = Math.min(range?.end ?? base.keyGroupRange.end, base.keyGroupRange.end);
  return { base, from, to, segments: views.map((view, v) => indexView(view, v, from, to)) };
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
function indexView(view: EncodedKeyedView, v: number, from: KeyGroup, to: KeyGroup): (GroupSegment | undefined)[] {
  const out = new Array<GroupSegment | undefined>(Math.max(0, to - from + 1)).fill(undefined);
  const name = view.what ?? `keyed-state view ${v}`;
  view.chunks.forEach((bytes, c) => {
    const chunkName = view.chunkNames?.[c];
    const what = chunkName === undefined ? `chunk ${c} of ${name}` : `chunk '${chunkName}' of ${name}`;
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

function whatOf(view: EncodedKeyedView | undefined): string {
  return view?.what === undefined ? '' : ` (${view.what})`;
}

function chainError(detail: string): CheckpointError {
  return new CheckpointError(
    ErrorCodes.CHECKPOINT_CORRUPT,
    `The keyed-state views to restore do not form one chain: ${detail}. Pass a subtask's full view first, then its deltas oldest first.`,
  );
}
