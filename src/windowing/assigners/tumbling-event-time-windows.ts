import type { NamespaceSerializer } from '../../state/namespace-serializer.js';
import type { Millis } from '../../time/time-types.js';
import { EventTimeTrigger } from '../triggers/event-time-trigger.js';
import type { Trigger } from '../triggers/trigger.js';
import { TimeWindow } from '../windows/time-window.js';
import { TumblingWindowFinder, type TumblingWindowSpec } from './tumbling-window-finder.js';
import type { WindowAssigner, WindowAssignerContext } from './window-assigner.js';
import { requireEventTimestamp, requireOffsetBelow, requirePositiveMillis, requireStagger } from './window-arguments.js';
import { WindowStagger } from './window-stagger.js';

const NAME = 'TumblingEventTimeWindows';

/**
 * Puts each element into the one fixed-size, non-overlapping window
 * `[start, start + size)` that contains its timestamp (Flink's
 * TumblingEventTimeWindows). Windows start at multiples of `size` shifted by
 * `offset` (and by the stagger offset, if any); the default trigger fires
 * when the watermark passes `end - 1`.
 *
 * The arrays returned by `assignWindows` are shared between calls: do not
 * mutate them (they are frozen).
 *
 * @example
 * ```ts
 * // One-minute windows: [0, 60000), [60000, 120000), ...
 * keyed.window(TumblingEventTimeWindows.of(60_000)).reduce((a, b) => a + b);
 * // Daily windows at local midnight in UTC+8:
 * TumblingEventTimeWindows.of(86_400_000, -8 * 3_600_000);
 * ```
 */
export class TumblingEventTimeWindows implements WindowAssigner<unknown, TimeWindow> {
  readonly isEventTime = true;
  readonly namespaces: NamespaceSerializer<TimeWindow> = TimeWindow.namespaces;
  readonly size: Millis;
  readonly offset: Millis;
  readonly stagger: WindowStagger;
  private readonly finder: TumblingWindowFinder;

  private constructor(spec: TumblingWindowSpec) {
    this.size = spec.size;
    this.offset = spec.offset;
    this.stagger = spec.stagger;
    this.finder = new TumblingWindowFinder(spec);
  }

  /**
   * Tumbling event-time windows of `size` ms, shifted by `offset` ms.
   *
   * @param size window length in ms; a positive integer.
   * @param offset shift of the window starts; an integer with `abs(offset) < size` (negative allowed).
   * @param stagger per-instance shift chosen at the first element (default ALIGNED: none).
   * @throws ConfigError INVALID_DURATION when `size` is not a positive integer or `offset` not an integer;
   *   INVALID_ARGUMENT when `abs(offset) >= size` or `stagger` is not a WindowStagger.
   */
  static of(size: Millis, offset: Millis = 0, stagger: WindowStagger = WindowStagger.ALIGNED): TumblingEventTimeWindows {
    requirePositiveMillis(size, `${NAME} size`);
    requireOffsetBelow(offset, size, NAME, 'size');
    return new TumblingEventTimeWindows({ size, offset, stagger: requireStagger(stagger, NAME) });
  }

  /**
   * The window containing `timestamp`.
   *
   * @throws ConfigError INVALID_ARGUMENT when the element has no timestamp (MIN_TIMESTAMP).
   */
  assignWindows(_element: unknown, timestamp: Millis, context: WindowAssignerContext): readonly TimeWindow[] {
    requireEventTimestamp(timestamp, NAME);
    return this.finder.windowsAt(timestamp, context);
  }

  /** An {@link EventTimeTrigger}: fires when the watermark reaches the window's max timestamp. */
  defaultTrigger(): Trigger<unknown, TimeWindow> {
    return EventTimeTrigger.create();
  }

  toString(): string {
    return `${NAME}(${this.size}, offset=${this.offset}, stagger=${this.stagger.name})`;
  }
}
