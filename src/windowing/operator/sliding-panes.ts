import type { KeyedStateBackend } from '../../state/keyed-state-backend.js';
import type { InternalKeyedState } from '../../state/internal-keyed-state.js';
import type { Key } from '../../state/key-encoding.js';
import { keyGroupOfHash, type KeyGroup } from '../../state/key-group.js';
import { VOID_NAMESPACE } from '../../state/namespace-serializer.js';
import { ValueStateDescriptor } from '../../state/state-descriptor.js';
import { StateError } from '../../errors/state-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { MinHeap } from '../../time/min-heap.js';
import { MAX_TIMESTAMP, type Millis } from '../../time/time-types.js';
import { TimeWindow } from '../windows/time-window.js';
import { accumulatorOf, forEachLivePane, holdsPaneFrom, initialRingSlots, newRing, slotFor, type PaneIndex, type PaneRing, type RingSlot } from './pane-ring.js';

/** Name of the keyed state holding each key's pane ring: stable, because restores find state by name. */
export const WINDOW_PANES_STATE = 'window-panes';

/** How sliding windows are cut into panes; recorded in snapshots so a restore can check it. */
export interface PaneLayout {
  readonly size: Millis;
  readonly slide: Millis;
  readonly offset: Millis;
}

/** Combines two accumulators without changing the second (pane accumulators are shared by windows). */
export interface PaneMerge {
  createAccumulator(): unknown;
  merge(a: unknown, b: unknown): unknown;
}

/** Adds an element to a pane's accumulator (undefined: a new pane); may mutate and return it. */
export type PaneAdd = (accumulator: unknown, value: unknown, timestamp: Millis | undefined) => unknown;

/** Emits one window result for the current key. */
export type PaneEmit = (key: Key, window: TimeWindow, accumulator: unknown) => void;

/** Name of the per-key-group section recording the end of the next window to fire. */
export const WINDOW_PANES_PROGRESS = 'window-panes-progress';

/** What operator state records about the panes: the layout only, the same in every subtask, so it rescales. */
interface PanesSnapshot {
  panes: PaneLayout;
}

/** Whether operator state is a pane layout (a snapshot of {@link SlidingPanes}). */
export function hasPaneLayout(state: unknown): boolean {
  return typeof state === 'object' && state !== null && typeof (state as Partial<PanesSnapshot>).panes === 'object';
}

/**
 * Sliding windows that share work: every element is added to exactly one
 * pane (`slide` long), and a window (`size` long, `k = size / slide` panes)
 * is the merge of its panes' accumulators when the watermark passes its
 * end. Flink adds each element to `k` windows; here an element costs one
 * add, and each result `k - 1` merges (cheap for the sums, counts and
 * extremes sliding windows mostly compute). Used by the window operator for
 * aggregate() over SlidingEventTimeWindows with the default trigger and no
 * allowed lateness, where it gives Flink's results.
 *
 * Each key's panes live in one ring ({@link PaneRing}) in keyed state, so an
 * element is one read-modify-write of its key's entry (no per-pane maps to
 * create and clear), and a pane leaves every ring at once when the window
 * that last needs it fires.
 *
 * Checkpoints hold the rings (keyed state), the end of the next window to
 * fire per key group (a keyed-state section) and the layout (operator
 * state), so pane state re-splits across another parallelism like any keyed
 * state. A subtask restored from subtasks that had fired different windows
 * starts at the earliest of them and skips, per key group, the windows its
 * old subtask had fired already. Which panes hold data is rebuilt from the
 * rings.
 */
export class SlidingPanes {
  /** Starts of panes that hold data for some key, with the earliest first in `starts`. */
  private readonly panes = new Set<Millis>();
  private readonly starts = new MinHeap();
  private nextEnd: Millis | undefined;
  /** The oldest pane a window that has not fired needs; older ring slots are free. */
  private oldestLive: PaneIndex = Number.NEGATIVE_INFINITY;
  private readonly k: number;
  private readonly ringSlots: number;
  private readonly rings: InternalKeyedState<null>;
  /** The pane of the previous element (its start and index), which is known to be pending. */
  private lastStart = Number.NaN;
  private lastPane: PaneIndex = 0;
  // Inputs and output of addToRing (with lastPane), in fields so the per-element path allocates nothing.
  private timestamp: Millis | undefined;
  private readonly slot: RingSlot = { ring: [], index: 0 };
  /** Keys whose rings hold no live pane after a window fired: removed once it is emitted. */
  private readonly emptied: { key: Key; hash: number }[] = [];
  /** After a restore: key groups whose old subtask had fired windows up to an end beyond {@link nextEnd}. */
  private readonly ahead = new Map<KeyGroup, Millis>();
  /** Per key group, the next window end restored from the progress section (until {@link start}). */
  private restoredEnds: Map<KeyGroup, Millis> | undefined;

  constructor(
    readonly layout: PaneLayout,
    private readonly backend: KeyedStateBackend,
    private readonly add: PaneAdd,
    private readonly aggregate: PaneMerge,
  ) {
    this.k = layout.size / layout.slide;
    this.ringSlots = initialRingSlots(this.k);
    this.rings = backend.getNamespacedState(new ValueStateDescriptor<PaneRing>(WINDOW_PANES_STATE), VOID_NAMESPACE);
    backend.registerSection({
      name: WINDOW_PANES_PROGRESS,
      snapshotKeyGroup: (group) => this.progressOf(group),
      restoreKeyGroup: (group, rows) => {
        // null: that group's subtask had fired no window yet.
        const end = typeof rows[0] === 'number' ? rows[0] : Number.NEGATIVE_INFINITY;
        (this.restoredEnds ??= new Map()).set(group, end);
      },
    });
  }

  /**
   * Call once after state is restored (the operator's open): takes up the
   * restored progress and finds the panes that hold data.
   */
  start(): void {
    const ends = this.restoredEnds;
    this.restoredEnds = undefined;
    if (ends !== undefined) this.takeUpProgress(ends);
    const maxParallelism = this.backend.maxParallelism;
    this.rings.setCurrentNamespace(null);
    this.rings.forEachInNamespace(null, (_key, hash, ring) => {
      forEachLivePane(ring as PaneRing, this.oldestLiveIn(keyGroupOfHash(hash, maxParallelism)), (pane) => this.track(this.startOf(pane)));
    });
  }

  /**
   * Starts at the earliest next window end of the restored key groups (none
   * fired anywhere: from the first pane), and remembers the groups that
   * were further.
   */
  private takeUpProgress(ends: ReadonlyMap<KeyGroup, Millis>): void {
    let earliest = Number.POSITIVE_INFINITY;
    for (const end of ends.values()) earliest = Math.min(earliest, end);
    if (earliest !== Number.NEGATIVE_INFINITY && earliest !== Number.POSITIVE_INFINITY) this.advanceTo(earliest);
    const floor = this.nextEnd ?? Number.NEGATIVE_INFINITY;
    for (const [group, end] of ends) if (end > floor) this.ahead.set(group, end);
  }

  /** The oldest live pane of key group `group` (later than {@link oldestLive} for a group restored ahead). */
  private oldestLiveIn(group: KeyGroup): PaneIndex {
    const end = this.ahead.get(group);
    return end === undefined ? this.oldestLive : this.indexOf(end - this.layout.size);
  }

  private track(start: Millis): void {
    if (this.panes.has(start)) return;
    this.panes.add(start);
    this.starts.push(start);
  }

  /** The progress section's rows for `group`: the end of the next window to fire there. */
  private progressOf(group: KeyGroup): readonly unknown[] {
    return [this.ahead.get(group) ?? this.nextEnd ?? null];
  }

  /** Whether sliding windows of this shape can be cut into panes. */
  static fits(size: Millis, slide: Millis): boolean {
    return slide < size && size % slide === 0;
  }

  /**
   * Adds `value` to its pane for the current key; returns false (and adds
   * nothing) when every window of that pane has already fired.
   */
  addElement(value: unknown, timestamp: Millis, watermark: Millis): boolean {
    const { slide, size, offset } = this.layout;
    let start = this.lastStart;
    // Consecutive elements mostly share a pane: skip its arithmetic and the pending-set lookup.
    if (!(timestamp >= start && timestamp < start + slide)) {
      start = TimeWindow.getWindowStartWithOffset(timestamp, offset, slide);
      const pane = this.indexOf(start);
      // Late when the last window containing the pane (ending at start + size) is due or has fired:
      // the windows that fired stay fired after a restore too, as in a run without failure.
      if (start + size - 1 <= watermark || pane < this.oldestLive) return false;
      this.lastStart = start;
      this.lastPane = pane;
      this.track(start);
    } else if (start + size - 1 <= watermark) {
      return false;
    }
    if (this.ahead.size > 0 && this.lastPane < this.oldestLiveIn(this.backend.currentKeyGroup)) return false;
    this.timestamp = timestamp;
    this.rings.setCurrentNamespace(null);
    this.rings.addInternal(this.addToRing, value, undefined);
    return true;
  }

  private readonly addToRing = (existing: unknown, value: unknown): unknown => {
    const slot = this.slot;
    slotFor((existing as PaneRing | undefined) ?? newRing(this.ringSlots), this.lastPane, this.oldestLive, slot);
    slot.ring[slot.index] = this.add(slot.ring[slot.index], value, this.timestamp);
    return slot.ring;
  };

  /** Evaluates, oldest first, every window whose end - 1 the watermark reached, then frees panes no window needs. */
  fire(watermark: Millis, emit: PaneEmit): void {
    const { size, slide } = this.layout;
    for (;;) {
      const first = this.firstPending();
      if (first === undefined) {
        this.closeWindowsUpTo(watermark);
        return;
      }
      // The earliest window that contains the first pending pane ends at first + slide; windows
      // before it hold no data. They close once the watermark passes them, like empty ones.
      const end = this.nextEnd === undefined || this.nextEnd < first + slide ? first + slide : this.nextEnd;
      // As the assigner does, the last windows end at MAX_TIMESTAMP instead of beyond it.
      const window = new TimeWindow(end - size, Math.min(end, MAX_TIMESTAMP));
      if (window.maxTimestamp() > watermark) {
        this.closeWindowsUpTo(watermark);
        return;
      }
      this.evaluate(window, emit);
      // The window's first pane is in no later window.
      this.panes.delete(window.start);
      this.advanceTo(end + slide);
    }
  }

  /**
   * Closes every window the watermark passed, also those that had no panes: a pane that
   * arrives later for them is late there and must only count in the windows still open.
   */
  private closeWindowsUpTo(watermark: Millis): void {
    const { slide, offset } = this.layout;
    const firstOpenEnd = TimeWindow.getWindowStartWithOffset(watermark + 1, offset, slide) + slide;
    if (this.nextEnd === undefined || this.nextEnd < firstOpenEnd) this.advanceTo(firstOpenEnd);
  }

  private advanceTo(nextEnd: Millis): void {
    this.nextEnd = nextEnd;
    this.oldestLive = this.indexOf(nextEnd - this.layout.size);
    if (this.lastPane < this.oldestLive) this.lastStart = Number.NaN;
    for (const [group, end] of this.ahead) if (end <= nextEnd) this.ahead.delete(group);
  }

  /** Operator state for snapshots: the layout. */
  snapshot(): PanesSnapshot {
    return { panes: { ...this.layout } };
  }

  /** Checks that operator state from a snapshot has this pane layout; throws when it was taken with another one. */
  restore(state: unknown, uid: string): void {
    const panes = (state as Partial<PanesSnapshot> | undefined)?.panes;
    const { size, slide, offset } = this.layout;
    if (panes === undefined || panes.size !== size || panes.slide !== slide || panes.offset !== offset) {
      throw new StateError(
        ErrorCodes.STATE_RESTORE_FAILED,
        `Operator '${uid}' keeps sliding windows (${size} ms every ${slide} ms, offset ${offset}) as panes, but the snapshot ` +
          (panes === undefined
            ? 'has no pane layout (it was taken with another trigger, lateness or function, or by an older weir).'
            : `has panes of ${panes.size} ms / ${panes.slide} ms / offset ${panes.offset}.`) +
          ' Restore with the same window definition, or start without this state (allowNonRestoredState).',
      );
    }
  }

  /** Emits the merge of every key's panes in `window`, in pane order; drops rings left with no live pane. */
  private evaluate(window: TimeWindow, emit: PaneEmit): void {
    const first = this.indexOf(window.start);
    const last = first + this.k - 1;
    const { merge, createAccumulator } = this.aggregate;
    const backend = this.backend;
    const emptied = this.emptied;
    const ahead = this.ahead.size > 0 ? this.ahead : undefined;
    const maxParallelism = backend.maxParallelism;
    this.rings.setCurrentNamespace(null);
    this.rings.forEachInNamespace(null, (key, hash, value) => {
      // Restored from a subtask that had fired this window already.
      if (ahead !== undefined && window.end < (ahead.get(keyGroupOfHash(hash, maxParallelism)) ?? window.end)) return;
      const ring = value as PaneRing;
      const slots = ring[0] as number;
      const overflows = ring.length > 1 + 2 * slots;
      let merged: unknown;
      let later = false;
      for (let pane = first; pane <= last; pane++) {
        // Pane p sits in slot p mod capacity (see PaneRing), unless it overflowed.
        const at = 1 + 2 * (pane & (slots - 1));
        const accumulator = ring[at] === pane ? ring[at + 1] : overflows ? accumulatorOf(ring, pane) : undefined;
        if (accumulator === undefined) continue;
        merged = merge(merged === undefined ? createAccumulator() : merged, accumulator);
        if (pane > first) later = true;
      }
      if (!later && !holdsPaneFrom(ring, first + 1)) emptied.push({ key, hash });
      if (merged === undefined) return;
      backend.setCurrentKeyAndHash(key, hash);
      emit(key, window, merged);
    });
    for (const { key, hash } of emptied) {
      backend.setCurrentKeyAndHash(key, hash);
      this.rings.clear();
    }
    emptied.length = 0;
  }

  private indexOf(paneStart: Millis): PaneIndex {
    return Math.round((paneStart - this.layout.offset) / this.layout.slide);
  }

  private startOf(pane: PaneIndex): Millis {
    return this.layout.offset + pane * this.layout.slide;
  }

  private firstPending(): Millis | undefined {
    for (;;) {
      const start = this.starts.peek();
      if (start === undefined || this.panes.has(start)) return start;
      this.starts.pop();
    }
  }
}
