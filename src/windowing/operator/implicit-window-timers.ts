import type { InternalKeyedState } from '../../state/internal-keyed-state.js';
import type { Key } from '../../state/key-encoding.js';
import type { KeyGroup } from '../../state/key-group.js';
import type { NamespaceKey } from '../../state/namespace-serializer.js';
import { MinHeap } from '../../time/min-heap.js';
import type { Millis } from '../../time/time-types.js';
import type { Window } from '../windows/window.js';

/** A timer row as snapshots store it: key, window namespace, time. */
export type ImplicitTimerRow = [key: unknown, namespace: NamespaceKey, time: Millis];

/**
 * The timers of an event-time window operator with EventTimeTrigger and no
 * allowed lateness, kept implicitly: every (key, window) with contents has
 * exactly one timer, at the window's max timestamp, that evaluates and
 * cleans it up. So the operator tracks windows, not per-key timers, and
 * evaluates a whole window when the watermark passes it (results between
 * two watermarks are a multiset, so the order across keys is free).
 * Snapshots still get them as ordinary timers ({@link rowsByKeyGroup}).
 */
export class ImplicitWindowTimers<W extends Window> {
  private readonly windows = new Map<Millis, Map<NamespaceKey, W>>();
  private readonly times = new MinHeap();

  constructor(
    private readonly contents: InternalKeyedState<W>,
    private readonly maxParallelism: number,
  ) {}

  /** Remembers that `window` has contents (call when a (key, window) entry is created). */
  track(window: W): void {
    const time = window.maxTimestamp();
    let windows = this.windows.get(time);
    if (windows === undefined) {
      this.windows.set(time, (windows = new Map()));
      this.times.push(time);
    }
    if (!windows.has(window.key)) windows.set(window.key, window);
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
      for (const window of windows.values()) {
        this.contents.forEachInNamespace(window, (key, keyHash, contents) => evaluate(window, key, keyHash, contents));
        this.contents.clearNamespace(window);
      }
    }
  }

  /** The pending timers as snapshot rows, grouped by key group. */
  rowsByKeyGroup(): Map<KeyGroup, ImplicitTimerRow[]> {
    const rows = new Map<KeyGroup, ImplicitTimerRow[]>();
    for (const windows of this.windows.values()) {
      for (const window of windows.values()) {
        const time = window.maxTimestamp();
        this.contents.forEachInNamespace(window, (key, keyHash) => {
          const keyGroup = keyHash % this.maxParallelism;
          let list = rows.get(keyGroup);
          if (list === undefined) rows.set(keyGroup, (list = []));
          list.push([key, window.key, time]);
        });
      }
    }
    return rows;
  }
}
