import type { NamespaceSerializer } from '../../state/namespace-serializer.js';
import type { Millis } from '../../time/time-types.js';
import { EventTimeTrigger } from '../triggers/event-time-trigger.js';
import type { Trigger } from '../triggers/trigger.js';
import { TimeWindow } from '../windows/time-window.js';
import { SlidingWindowFinder, type SlidingWindowSpec } from './sliding-window-finder.js';
import type { WindowAssigner, WindowAssignerContext } from './window-assigner.js';
import {
  requireEventTimestamp,
  requireOffsetBelow,
  requirePositiveMillis,
  requireSlidingWindowCount,
} from './window-arguments.js';

const NAME = 'SlidingEventTimeWindows';

/**
 * Puts each element into every window of length `size` that starts every
 * `slide` ms and contains its timestamp (Flink's SlidingEventTimeWindows):
 * about `size / slide` overlapping windows per element, newest first. Window
 * starts are multiples of `slide` shifted by `offset`. When `slide > size`
 * some elements fall between windows and get none.
 *
 * The arrays returned by `assignWindows` are shared between calls: do not
 * mutate them (they are frozen).
 *
 * @example
 * ```ts
 * // Ten-minute windows, one every minute: an element at 0 is in [-540000, 60000) ... [0, 600000).
 * keyed.window(SlidingEventTimeWindows.of(600_000, 60_000)).reduce((a, b) => a + b);
 * ```
 */
export class SlidingEventTimeWindows implements WindowAssigner<unknown, TimeWindow> {
  readonly isEventTime = true;
  readonly namespaces: NamespaceSerializer<TimeWindow> = TimeWindow.namespaces;
  readonly size: Millis;
  readonly slide: Millis;
  readonly offset: Millis;
  private readonly finder: SlidingWindowFinder;

  private constructor(spec: SlidingWindowSpec) {
    this.size = spec.size;
    this.slide = spec.slide;
    this.offset = spec.offset;
    this.finder = new SlidingWindowFinder(spec);
  }

  /**
   * Sliding event-time windows of `size` ms, one starting every `slide` ms, shifted by `offset` ms.
   *
   * @throws ConfigError INVALID_DURATION when `size` or `slide` is not a positive integer, or `offset`
   *   not an integer; INVALID_ARGUMENT when `abs(offset) >= slide` or `size / slide > 10_000_000`.
   */
  static of(size: Millis, slide: Millis, offset: Millis = 0): SlidingEventTimeWindows {
    requirePositiveMillis(size, `${NAME} size`);
    requirePositiveMillis(slide, `${NAME} slide`);
    requireOffsetBelow(offset, slide, NAME, 'slide');
    requireSlidingWindowCount(size, slide, NAME);
    return new SlidingEventTimeWindows({ size, slide, offset });
  }

  /**
   * The windows containing `timestamp`, newest first.
   *
   * @throws ConfigError INVALID_ARGUMENT when the element has no timestamp (MIN_TIMESTAMP).
   */
  assignWindows(_element: unknown, timestamp: Millis, _context: WindowAssignerContext): readonly TimeWindow[] {
    requireEventTimestamp(timestamp, NAME);
    return this.finder.windowsAt(timestamp);
  }

  /** An {@link EventTimeTrigger}: fires when the watermark reaches the window's max timestamp. */
  defaultTrigger(): Trigger<unknown, TimeWindow> {
    return EventTimeTrigger.create();
  }

  toString(): string {
    return `${NAME}(${this.size}, ${this.slide}, offset=${this.offset})`;
  }
}
