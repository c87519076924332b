import type { NamespaceSerializer } from '../../state/namespace-serializer.js';
import type { Millis } from '../../time/time-types.js';
import { ProcessingTimeTrigger } from '../triggers/processing-time-trigger.js';
import type { Trigger } from '../triggers/trigger.js';
import { TimeWindow } from '../windows/time-window.js';
import { SlidingWindowFinder, type SlidingWindowSpec } from './sliding-window-finder.js';
import type { WindowAssigner, WindowAssignerContext } from './window-assigner.js';
import { requireOffsetBelow, requirePositiveMillis, requireSlidingWindowCount } from './window-arguments.js';

const NAME = 'SlidingProcessingTimeWindows';

/**
 * Puts each element into every window of length `size` that starts every
 * `slide` ms and contains the current processing time (Flink's
 * SlidingProcessingTimeWindows); element timestamps are ignored. Window
 * starts are multiples of `slide` shifted by `offset`; windows come newest first.
 *
 * The arrays returned by `assignWindows` are shared between calls: do not
 * mutate them (they are frozen).
 *
 * @example
 * ```ts
 * // A one-minute moving count, refreshed every ten seconds of wall-clock time:
 * keyed.window(SlidingProcessingTimeWindows.of(60_000, 10_000)).aggregate(countAggregate);
 * ```
 */
export class SlidingProcessingTimeWindows implements WindowAssigner<unknown, TimeWindow> {
  readonly isEventTime = false;
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
   * Sliding processing-time windows of `size` ms, one starting every `slide` ms, shifted by `offset` ms.
   *
   * @throws ConfigError INVALID_DURATION when `size` or `slide` is not a positive integer, or `offset`
   *   not an integer; INVALID_ARGUMENT when `abs(offset) >= slide` or `size / slide > 10_000_000`.
   */
  static of(size: Millis, slide: Millis, offset: Millis = 0): SlidingProcessingTimeWindows {
    requirePositiveMillis(size, `${NAME} size`);
    requirePositiveMillis(slide, `${NAME} slide`);
    requireOffsetBelow(offset, slide, NAME, 'slide');
    requireSlidingWindowCount(size, slide, NAME);
    return new SlidingProcessingTimeWindows({ size, slide, offset });
  }

  /** The windows containing the current processing time, newest first; `timestamp` is ignored. */
  assignWindows(_element: unknown, _timestamp: Millis, context: WindowAssignerContext): readonly TimeWindow[] {
    return this.finder.windowsAt(context.currentProcessingTime());
  }

  /** A {@link ProcessingTimeTrigger}: fires when processing time reaches the window's max timestamp. */
  defaultTrigger(): Trigger<unknown, TimeWindow> {
    return ProcessingTimeTrigger.create();
  }

  toString(): string {
    return `${NAME}(${this.size}, ${this.slide}, offset=${this.offset})`;
  }
}
