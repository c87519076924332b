import { saturatingAdd, type Millis } from '../../time/time-types.js';
import { TimeWindow } from '../windows/time-window.js';

/** What a sliding assigner is configured with; checked by the assigner. */
export interface SlidingWindowSpec {
  readonly size: Millis;
  readonly slide: Millis;
  readonly offset: Millis;
}

/**
 * The window arithmetic shared by the sliding assigners (Flink's
 * SlidingEventTimeWindows.assignWindows): the windows `[start, start + size)`
 * for `start = lastStart; start > time - size; start -= slide`, newest first.
 *
 * The result only changes when time crosses a window boundary, so it is
 * cached with the time range it is valid for; windows still open after a
 * boundary are carried over, so each TimeWindow (and its key) is built once.
 */
export class SlidingWindowFinder {
  private windows: readonly TimeWindow[] = [];
  private lastStart = 0;
  // Empty range: the first call computes.
  private validFrom = Number.POSITIVE_INFINITY;
  private validUntil = Number.NEGATIVE_INFINITY;

  constructor(private readonly spec: SlidingWindowSpec) {}

  /** The windows containing `time`, newest first; the array is shared between calls and must not be mutated. */
  windowsAt(time: Millis): readonly TimeWindow[] {
    if (time >= this.validFrom && time < this.validUntil) return this.windows;
    const { size, slide, offset } = this.spec;
    const lastStart = TimeWindow.getWindowStartWithOffset(time, offset, slide);
    const windows: TimeWindow[] = [];
    for (let start = lastStart; start > time - size; start -= slide) {
      windows.push(this.previousWindowStartingAt(start) ?? new TimeWindow(start, saturatingAdd(start, size)));
    }
    if (windows.length === 0) {
      // slide > size: `time` falls in the gap after the window starting at lastStart.
      this.validFrom = lastStart + size;
      this.validUntil = lastStart + slide;
    } else {
      const oldestStart = lastStart - (windows.length - 1) * slide;
      this.validFrom = Math.max(lastStart, oldestStart + size - slide);
      this.validUntil = Math.min(lastStart + slide, oldestStart + size);
    }
    this.lastStart = lastStart;
    this.windows = Object.freeze(windows);
    return this.windows;
  }

  private previousWindowStartingAt(start: Millis): TimeWindow | undefined {
    // The previous windows lie on the same slide grid, newest first.
    const window = this.windows[(this.lastStart - start) / this.spec.slide];
    return window !== undefined && window.start === start ? window : undefined;
  }
}
