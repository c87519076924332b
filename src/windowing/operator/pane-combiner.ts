import type { InternalKeyedState } from '../../state/internal-keyed-state.js';
import { KeyHashMap } from '../../state/heap/key-hash-map.js';
import type { Millis } from '../../time/time-types.js';
import type { TimeWindow } from '../windows/time-window.js';
import type { PaneMerge } from './sliding-panes.js';

/** Per key, the suffix merges of one block's panes: `at[j]` merges panes j.. of the block. */
interface Suffixes {
  readonly at: unknown[];
  /** The merge most recently stored (the nearest one above while the block is built from its end). */
  latest: unknown;
}

/**
 * Combines the `k` panes of each sliding window with about three merges per
 * key and pane instead of `k` (Flink pays `k` by assigning each element to `k`
 * windows). Panes are grouped in blocks of `k`, aligned to pane index; a
 * window is a suffix of one block followed by a prefix of the next. Prefix
 * merges grow by one pane per window; suffix merges of the older block are
 * built once, from its end. Merge order always follows pane order, so merge
 * needs to be associative only.
 *
 * Both caches are derived from pane state: an element landing in a pane they
 * already cover drops them (see {@link noteUpdate}), and a restored operator
 * starts without them.
 */
export class PaneCombiner {
  private prefix = new KeyHashMap();
  private prefixFrom = Number.NaN;
  private prefixTo = Number.NaN;
  private suffix = new KeyHashMap();
  private suffixFrom = Number.NaN;
  private suffixTo = Number.NaN;

  constructor(
    private readonly k: number,
    private readonly slide: Millis,
    private readonly offset: Millis,
    private readonly aggregate: PaneMerge,
    private readonly state: InternalKeyedState<TimeWindow>,
    private readonly paneAt: (start: Millis) => TimeWindow | undefined,
  ) {}

  /** An element was added to the pane starting at `start`: forget merges that include that pane. */
  noteUpdate(start: Millis): void {
    if (start >= this.prefixFrom && start <= this.prefixTo) this.prefixFrom = this.prefixTo = Number.NaN;
    if (start >= this.suffixFrom && start <= this.suffixTo) this.suffixFrom = this.suffixTo = Number.NaN;
  }

  /** Calls `emit` with every key that has data in the window whose last pane starts at `lastPane`, and its merge. */
  combine(lastPane: Millis, emit: (key: unknown, hash: number, accumulator: unknown) => void): void {
    const k = this.k;
    const m = this.indexOf(lastPane);
    const blockStart = Math.floor(m / k) * k;
    const prefix = this.extendPrefix(blockStart, m);
    const first = m - k + 1;
    const { merge, createAccumulator } = this.aggregate;
    if (first === blockStart) {
      prefix.forEach((acc, key, hash) => emit(key, hash, merge(createAccumulator(), acc)));
      return;
    }
    const suffix = this.suffixesOf(blockStart - k);
    const s = first - (blockStart - k);
    suffix.forEach((value, key, hash) => {
      const at = (value as Suffixes).at;
      let older: unknown;
      for (let t = s; t < k && older === undefined; t++) older = at[t];
      if (older === undefined) return;
      const newer = prefix.get(key, hash);
      const merged = merge(createAccumulator(), older);
      emit(key, hash, newer === undefined ? merged : merge(merged, newer));
    });
    prefix.forEach((acc, key, hash) => {
      const entry = suffix.get(key, hash) as Suffixes | undefined;
      if (entry !== undefined) {
        for (let t = s; t < k; t++) if (entry.at[t] !== undefined) return; // emitted above
      }
      emit(key, hash, merge(createAccumulator(), acc));
    });
  }

  private indexOf(paneStart: Millis): number {
    return Math.round((paneStart - this.offset) / this.slide);
  }

  private startOf(index: number): Millis {
    return this.offset + index * this.slide;
  }

  /** Merges of panes blockStart..m per key, extending the cached ones when they cover blockStart..m-1 or less. */
  private extendPrefix(blockStart: number, m: number): KeyHashMap {
    const from = this.startOf(blockStart);
    let next: number;
    if (this.prefixFrom === from && this.prefixTo <= this.startOf(m)) {
      next = this.indexOf(this.prefixTo) + 1;
    } else {
      this.prefix = new KeyHashMap();
      next = blockStart;
    }
    const { merge, createAccumulator } = this.aggregate;
    const prefix = this.prefix;
    for (let j = next; j <= m; j++) {
      const pane = this.paneAt(this.startOf(j));
      if (pane === undefined) continue;
      this.state.forEachInNamespace(pane, (key, hash, acc) => {
        const current = prefix.get(key, hash);
        prefix.set(key, hash, merge(current === undefined ? createAccumulator() : current, acc));
      });
    }
    this.prefixFrom = from;
    this.prefixTo = this.startOf(m);
    return prefix;
  }

  /** Suffix merges of the block starting at pane index `blockStart`, built once per block. */
  private suffixesOf(blockStart: number): KeyHashMap {
    const from = this.startOf(blockStart);
    if (this.suffixFrom === from) return this.suffix;
    const { merge, createAccumulator } = this.aggregate;
    const suffix = KeyHashMap.withRoomFor(this.suffix.size);
    for (let j = this.k - 1; j >= 0; j--) {
      const pane = this.paneAt(this.startOf(blockStart + j));
      if (pane === undefined) continue;
      this.state.forEachInNamespace(pane, (key, hash, acc) => {
        let entry = suffix.get(key, hash) as Suffixes | undefined;
        if (entry === undefined) {
          entry = { at: new Array<unknown>(this.k).fill(undefined), latest: undefined };
          suffix.set(key, hash, entry);
        }
        const own = merge(createAccumulator(), acc);
        entry.latest = entry.at[j] = entry.latest === undefined ? own : merge(own, entry.latest);
      });
    }
    this.suffix = suffix;
    this.suffixFrom = from;
    this.suffixTo = this.startOf(blockStart + this.k - 1);
    return suffix;
  }
}
