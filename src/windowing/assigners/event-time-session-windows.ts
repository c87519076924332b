import type { NamespaceSerializer } from '../../state/namespace-serializer.js';
import { saturatingAdd, type Millis } from '../../time/time-types.js';
import { EventTimeTrigger } from '../triggers/event-time-trigger.js';
import type { Trigger } from '../triggers/trigger.js';
import { TimeWindow } from '../windows/time-window.js';
import { mergeTimeWindows, type MergeCallback } from './merge-time-windows.js';
import { dynamicSessionGap, fixedSessionGap, type SessionGap, type SessionGapExtractor } from './session-gap.js';
import type { MergingWindowAssigner, WindowAssignerContext } from './window-assigner.js';
import { requireEventTimestamp } from './window-arguments.js';

const NAME = 'EventTimeSessionWindows';

/**
 * Session windows in event time (Flink's EventTimeSessionWindows and
 * DynamicEventTimeSessionWindows): each element opens `[timestamp,
 * timestamp + gap)`, and the window operator merges a key's windows that
 * overlap or touch, so a session closes after `gap` ms without elements.
 *
 * @example
 * ```ts
 * // Sessions of a user end after 30 minutes of inactivity:
 * clicks.keyBy((c) => c.user).window(EventTimeSessionWindows.withGap(30 * 60_000)).aggregate(countAggregate);
 * // Per-element gaps:
 * EventTimeSessionWindows.withDynamicGap((c: Click) => (c.premium ? 60_000 : 10_000));
 * ```
 */
export class EventTimeSessionWindows<T> implements MergingWindowAssigner<T, TimeWindow> {
  readonly merging = true;
  readonly isEventTime = true;
  readonly namespaces: NamespaceSerializer<TimeWindow> = TimeWindow.namespaces;

  private constructor(private readonly gap: SessionGap<T>) {}

  /**
   * Sessions that close after `gap` ms without elements.
   *
   * @throws ConfigError INVALID_DURATION unless `gap` is a positive integer (0 < gap).
   */
  static withGap(gap: Millis): EventTimeSessionWindows<unknown> {
    return new EventTimeSessionWindows(fixedSessionGap(gap, NAME));
  }

  /**
   * Sessions whose gap is taken per element from `extractor`. A later element
   * with a shorter gap never shrinks a session (merging only widens).
   *
   * @throws ConfigError NOT_A_FUNCTION unless `extractor` is a function. At
   *   assignment, INVALID_DURATION when it returns anything but a positive integer.
   */
  static withDynamicGap<T>(extractor: SessionGapExtractor<T>): EventTimeSessionWindows<T> {
    return new EventTimeSessionWindows(dynamicSessionGap(extractor, NAME));
  }

  /** The fixed gap in ms, or undefined for a dynamic gap. */
  get fixedGap(): Millis | undefined {
    return this.gap.fixed;
  }

  /**
   * `[timestamp, timestamp + gap)`, in a new array.
   *
   * @throws ConfigError INVALID_ARGUMENT when the element has no timestamp (MIN_TIMESTAMP);
   *   INVALID_DURATION when a dynamic gap is not a positive integer.
   */
  assignWindows(element: T, timestamp: Millis, _context: WindowAssignerContext): readonly TimeWindow[] {
    requireEventTimestamp(timestamp, NAME);
    return [new TimeWindow(timestamp, saturatingAdd(timestamp, this.gap.gapOf(element)))];
  }

  /** Merges windows that overlap or touch; see {@link mergeTimeWindows}. */
  mergeWindows(windows: readonly TimeWindow[], merge: MergeCallback<TimeWindow>): void {
    mergeTimeWindows(windows, merge);
  }

  /** An {@link EventTimeTrigger}: fires when the watermark reaches the session's max timestamp. */
  defaultTrigger(): Trigger<T, TimeWindow> {
    return EventTimeTrigger.create();
  }

  toString(): string {
    return `${NAME}(${this.gap.fixed ?? 'dynamic gap'})`;
  }
}
