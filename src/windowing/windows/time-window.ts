import type { NamespaceKey, NamespaceSerializer } from '../../state/namespace-serializer.js';
import type { Millis } from '../../time/time-types.js';
import type { Window } from './window.js';

/**
 * The time interval `[start, end)`. `maxTimestamp()` is `end - 1`; results of
 * the window carry that timestamp.
 */
export class TimeWindow implements Window {
  private cachedKey: string | undefined;

  constructor(
    readonly start: Millis,
    readonly end: Millis,
  ) {}

  maxTimestamp(): Millis {
    return this.end - 1;
  }

  get key(): NamespaceKey {
    return (this.cachedKey ??= `${this.start}:${this.end}`);
  }

  /** Flink's rule: windows that overlap or touch intersect (`[0,1)` and `[1,2)` do). */
  intersects(other: TimeWindow): boolean {
    return this.start <= other.end && this.end >= other.start;
  }

  /** The smallest window containing both. */
  cover(other: TimeWindow): TimeWindow {
    return new TimeWindow(Math.min(this.start, other.start), Math.max(this.end, other.end));
  }

  equals(other: TimeWindow): boolean {
    return this.start === other.start && this.end === other.end;
  }

  toString(): string {
    return `TimeWindow{start=${this.start}, end=${this.end}}`;
  }

  /**
   * Start of the window of size `size` (shifted by `offset`) that contains
   * `timestamp`; floors for negative timestamps (Flink's getWindowStartWithOffset).
   */
  static getWindowStartWithOffset(timestamp: Millis, offset: Millis, size: Millis): Millis {
    const remainder = (timestamp - offset) % size;
    return remainder < 0 ? timestamp - (remainder + size) : timestamp - remainder;
  }

  /** Namespaces of time-window state: `"start:end"`. */
  static readonly namespaces: NamespaceSerializer<TimeWindow> = {
    toKey: (window) => window.key,
    fromKey: (key) => {
      const text = String(key);
      const colon = text.indexOf(':', 1);
      return new TimeWindow(Number(text.slice(0, colon)), Number(text.slice(colon + 1)));
    },
  };
}
