import type { InternalKeyedState } from '../../state/internal-keyed-state.js';
import type { Key } from '../../state/key-encoding.js';
import type { NamespaceKey } from '../../state/namespace-serializer.js';
import { MinHeap } from '../../time/min-heap.js';
import type { Millis } from '../../time/time-types.js';
import type { Window } from '../windows/window.js';

/**
 * The window operator's operator state when its timers are implicit: the
 * snapshot's window contents are the timers (one per (key, window), at the
 * window's max timestamp), rebuilt on restore.
 */
export const IMPLICIT_TIMERS_MARKER = { implicitWindowTimers: 1 } as const;

/** Whether operator state is {@link IMPLICIT_TIMERS_MARKER}. */
export function isImplicitTimersMarker(state: unknown): boolean {
  return typeof state === 'object' && state !== null && (state as { implicitWindowTimers?: unknown }).implicitWindowTimers === 1;
}

/**
 * The timers of an event-time window operator with EventTimeTrigger and no
 * allowed lateness, kept implicitly: every (key, window) with contents has
 * exactly one timer, at the window's max timestamp, that evaluates and
 * cleans it up. So the operator tracks windows, not per-key timers, and
 * evaluates a whole window when the watermark passes it (results between
 * two watermarks are a multiset, so the order across keys is free).
 * Snapshots do not copy them: the window contents imply them (see
 * {@link IMPLICIT_TIMERS_MARKER}).
 */
export class ImplicitWindowTimers<W extends Window> {
  private readonly windows = new Map<Millis, Map<NamespaceKey, W>>();
  private readonly times = new MinHeap();
  /**
   * The window tracked last, while still tracked: consecutive elements mostly
   * open entries in the same window, and this skips its two Map lookups.
   */
  private lastTracked: W | undefined;

  constructor(
    private readonly contents: InternalKeyedState<W>,
  ) {}

  /** Remembers that `window` has contents (call when a (key, window) entry is created). */
  track(window: W): void {
    if (window === this.lastTracked) return;
    const time = window.maxTimestamp();
    let windows = this.windows.get(time);
    if (windows === undefined) {
      this.windows.set(time, (windows = new Map()));
      this.times.push(time);
    }
    if (!windows.has(window.key)) windows.set(window.key, window);
    this.lastTracked = window;
  }

  /** The earliest tracked time, or undefined. */
  earliest(): Millis | undefined {
    return this.times.peek();
  }

  /**
   * Calls `evaluate(window, key, keyHash, contents)` for every entry of every
   * tracked window with max timestamp `<= watermark`, oldest first, and
   * clears those windows' contents.
   */
  fire(watermark: Millis, evaluate: (window: W, key: Key, keyHash: number, contents: unknown) => void): void {
    for (let time = this.times.peek(); time !== undefined && time <= watermark; time = this.times.peek()) {
      this.times.pop();
      const windows = this.windows.get(time)!;
      this.windows.delete(time);
      // Untracked now: an entry created in it later (after a restore, say) must track it again.
      this.lastTracked = undefined;
      for (const window of windows.values()) {
        this.contents.forEachInNamespace(window, (key, keyHash, contents) => evaluate(window, key, keyHash, contents));
        this.contents.clearNamespace(window);
      }
    }
  }

}
