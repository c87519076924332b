import type { KeyedStateBackend } from '../../state/keyed-state-backend.js';
import type { InternalKeyedState } from '../../state/internal-keyed-state.js';
import type { Key } from '../../state/key-encoding.js';
import { StateError } from '../../errors/state-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { MinHeap } from '../../time/min-heap.js';
import type { Millis } from '../../time/time-types.js';
import { TimeWindow } from '../windows/time-window.js';
import { PaneCombiner } from './pane-combiner.js';

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

/** Emits one window result for the current key. */
export type PaneEmit = (key: Key, window: TimeWindow, accumulator: unknown) => void;

/**
 * Sliding windows that share work: every element goes into exactly one pane
 * (`slide` long), and a window (`size` long, `size / slide` panes) is the
 * merge of its panes' accumulators when the watermark passes its end. Adding
 * an element costs one state update instead of `size / slide`. Used by the
 * window operator for aggregate() over SlidingEventTimeWindows with the
 * default trigger and no allowed lateness, where it gives Flink's results.
 *
 * Pane contents are the operator's window-contents state with pane
 * namespaces; the pending pane starts are operator state.
 */
export class SlidingPanes {
  private readonly panes = new Map<Millis, TimeWindow>();
  private readonly starts = new MinHeap();
  private nextEnd: Millis | undefined;
  private lastPane: TimeWindow | undefined;
  private readonly combiner: PaneCombiner;

  constructor(
    readonly layout: PaneLayout,
    private readonly state: InternalKeyedState<TimeWindow>,
    private readonly backend: KeyedStateBackend,
    aggregate: PaneMerge,
  ) {
    const { size, slide, offset } = layout;
    this.combiner = new PaneCombiner(size / slide, slide, offset, aggregate, state, (start) => this.panes.get(start));
  }

  /** Whether sliding windows of this shape can be cut into panes. */
  static fits(size: Millis, slide: Millis): boolean {
    return slide < size && size % slide === 0;
  }

  /** The pane of `timestamp`, or undefined when every window it belongs to has already fired. */
  paneFor(timestamp: Millis, watermark: Millis): TimeWindow | undefined {
    const { slide, size, offset } = this.layout;
    const start = TimeWindow.getWindowStartWithOffset(timestamp, offset, slide);
    // The last window containing this pane ends at start + size.
    if (start + size - 1 <= watermark) return undefined;
    this.combiner.noteUpdate(start);
    let pane = this.lastPane;
    if (pane === undefined || pane.start !== start) {
      pane = this.panes.get(start) ?? new TimeWindow(start, start + slide);
      this.lastPane = pane;
    }
    return pane;
  }

  /** Remembers that `pane` holds data. */
  track(pane: TimeWindow): void {
    if (this.panes.has(pane.start)) return;
    this.panes.set(pane.start, pane);
    this.starts.push(pane.start);
  }

  /** Evaluates, oldest first, every window whose end - 1 the watermark reached, then drops panes no window needs. */
  fire(watermark: Millis, emit: PaneEmit): void {
    const { size, slide } = this.layout;
    for (;;) {
      const first = this.firstPending();
      if (first === undefined) {
        this.closeWindowsUpTo(watermark);
        return;
      }
      // The earliest window that contains the first pending pane ends at first + slide.
      if (this.nextEnd === undefined || this.nextEnd < first + slide) this.nextEnd = first + slide;
      const end = this.nextEnd;
      if (end - 1 > watermark) return;
      this.evaluate(new TimeWindow(end - size, end), emit);
      // The window's first pane is in no later window.
      this.dropPane(end - size);
      this.nextEnd = end + slide;
    }
  }

  /**
   * Closes every window the watermark passed, also those that had no panes: a pane that
   * arrives later for them is late there and must only count in the windows still open.
   */
  private closeWindowsUpTo(watermark: Millis): void {
    const { slide, offset } = this.layout;
    const firstOpenEnd = TimeWindow.getWindowStartWithOffset(watermark + 1, offset, slide) + slide;
    if (this.nextEnd === undefined || this.nextEnd < firstOpenEnd) this.nextEnd = firstOpenEnd;
  }

  /** Operator state for snapshots: the layout and the pending panes. */
  snapshot(): { panes: PaneLayout & { pending: Millis[]; nextEnd: Millis | null } } {
    return { panes: { ...this.layout, pending: [...this.panes.keys()], nextEnd: this.nextEnd ?? null } };
  }

  /** Restores what {@link snapshot} returned; throws when it was taken with another pane layout. */
  restore(state: unknown, uid: string): void {
    const panes = (state as { panes?: PaneLayout & { pending: Millis[]; nextEnd: Millis | null } } | undefined)?.panes;
    const { size, slide, offset } = this.layout;
    if (panes === undefined || panes.size !== size || panes.slide !== slide || panes.offset !== offset) {
      throw new StateError(
        ErrorCodes.STATE_RESTORE_FAILED,
        `Operator '${uid}' keeps sliding windows (${size} ms every ${slide} ms, offset ${offset}) as panes, but the snapshot ` +
          (panes === undefined
            ? 'has no pane layout (it was taken with another trigger, lateness or function).'
            : `has panes of ${panes.size} ms / ${panes.slide} ms / offset ${panes.offset}.`) +
          ' Restore with the same window definition, or start without this state (allowNonRestoredState).',
      );
    }
    for (const start of panes.pending) this.track(new TimeWindow(start, start + slide));
    this.nextEnd = panes.nextEnd ?? undefined;
  }

  private evaluate(window: TimeWindow, emit: PaneEmit): void {
    this.combiner.combine(window.end - this.layout.slide, (key, hash, accumulator) => {
      this.backend.setCurrentKeyAndHash(key as Key, hash);
      emit(key as Key, window, accumulator);
    });
  }

  private firstPending(): Millis | undefined {
    for (;;) {
      const start = this.starts.peek();
      if (start === undefined || this.panes.has(start)) return start;
      this.starts.pop();
    }
  }

  private dropPane(start: Millis): void {
    const pane = this.panes.get(start);
    if (pane === undefined) return;
    this.state.clearNamespace(pane);
    this.panes.delete(start);
    if (this.lastPane === pane) this.lastPane = undefined;
  }
}
