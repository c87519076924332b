import type { NamespaceSerializer } from '../../state/namespace-serializer.js';
import type { Millis } from '../../time/time-types.js';
import { ProcessingTimeTrigger } from '../triggers/processing-time-trigger.js';
import type { Trigger } from '../triggers/trigger.js';
import { TimeWindow } from '../windows/time-window.js';
import { TumblingWindowFinder, type TumblingWindowSpec } from './tumbling-window-finder.js';
import type { WindowAssigner, WindowAssignerContext } from './window-assigner.js';
import { requireOffsetBelow, requirePositiveMillis, requireStagger } from './window-arguments.js';
import { WindowStagger } from './window-stagger.js';

const NAME = 'TumblingProcessingTimeWindows';

/**
 * Puts each element into the one fixed-size, non-overlapping window
 * `[start, start + size)` that contains the current processing time (Flink's
 * TumblingProcessingTimeWindows); element timestamps are ignored. Windows
 * start at multiples of `size` shifted by `offset` (and by the stagger offset,
 * if any); the default trigger fires when processing time reaches `end - 1`.
 *
 * The arrays returned by `assignWindows` are shared between calls: do not
 * mutate them (they are frozen).
 *
 * @example
 * ```ts
 * // Count per key and wall-clock minute:
 * keyed.window(TumblingProcessingTimeWindows.of(60_000)).aggregate(countAggregate);
 * // Spread the minute boundaries of parallel instances:
 * TumblingProcessingTimeWindows.of(60_000, 0, WindowStagger.RANDOM);
 * ```
 */
export class TumblingProcessingTimeWindows implements WindowAssigner<unknown, TimeWindow> {
  readonly isEventTime = false;
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
   * Tumbling processing-time windows of `size` ms, shifted by `offset` ms.
   *
   * @param size window length in ms; a positive integer.
   * @param offset shift of the window starts; an integer with `abs(offset) < size` (negative allowed).
   * @param stagger per-instance shift chosen at the first element (default ALIGNED: none).
   * @throws ConfigError INVALID_DURATION when `size` is not a positive integer or `offset` not an integer;
   *   INVALID_ARGUMENT when `abs(offset) >= size` or `stagger` is not a WindowStagger.
   */
  static of(size: Millis, offset: Millis = 0, stagger: WindowStagger = WindowStagger.ALIGNED): TumblingProcessingTimeWindows {
    requirePositiveMillis(size, `${NAME} size`);
    requireOffsetBelow(offset, size, NAME, 'size');
    return new TumblingProcessingTimeWindows({ size, offset, stagger: requireStagger(stagger, NAME) });
  }

  /** The window containing the current processing time; `timestamp` is ignored. */
  assignWindows(_element: unknown, _timestamp: Millis, context: WindowAssignerContext): readonly TimeWindow[] {
    return this.finder.windowsAt(context.currentProcessingTime(), context);
  }

  /** A {@link ProcessingTimeTrigger}: fires when processing time reaches the window's max timestamp. */
  defaultTrigger(): Trigger<unknown, TimeWindow> {
    return ProcessingTimeTrigger.create();
  }

  toString(): string {
    return `${NAME}(${this.size}, offset=${this.offset}, stagger=${this.stagger.name})`;
  }
}
