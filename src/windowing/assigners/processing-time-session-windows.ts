import type { NamespaceSerializer } from '../../state/namespace-serializer.js';
import { saturatingAdd, type Millis } from '../../time/time-types.js';
import { ProcessingTimeTrigger } from '../triggers/processing-time-trigger.js';
import type { Trigger } from '../triggers/trigger.js';
import { TimeWindow } from '../windows/time-window.js';
import { mergeTimeWindows, type MergeCallback } from './merge-time-windows.js';
import { dynamicSessionGap, fixedSessionGap, type SessionGap, type SessionGapExtractor } from './session-gap.js';
import type { MergingWindowAssigner, WindowAssignerContext } from './window-assigner.js';

const NAME = 'ProcessingTimeSessionWindows';

/**
 * Session windows in processing time (Flink's ProcessingTimeSessionWindows and
 * DynamicProcessingTimeSessionWindows): each element opens `[now, now + gap)`
 * at the current processing time, ignoring its timestamp; the window operator
 * merges a key's windows that overlap or touch.
 *
 * @example
 * ```ts
 * // Group a user's requests until 5 s of wall-clock silence:
 * requests.keyBy((r) => r.user).window(ProcessingTimeSessionWindows.withGap(5_000)).process(summarize);
 * ```
 */
export class ProcessingTimeSessionWindows<T> implements MergingWindowAssigner<T, TimeWindow> {
  readonly merging = true;
  readonly isEventTime = false;
  readonly namespaces: NamespaceSerializer<TimeWindow> = TimeWindow.namespaces;

  private constructor(private readonly gap: SessionGap<T>) {}

  /**
   * Sessions that close after `gap` ms of processing time without elements.
   *
   * @throws ConfigError INVALID_DURATION unless `gap` is a positive integer (0 < gap).
   */
  static withGap(gap: Millis): ProcessingTimeSessionWindows<unknown> {
    return new ProcessingTimeSessionWindows(fixedSessionGap(gap, NAME));
  }

  /**
   * Sessions whose gap is taken per element from `extractor`.
   *
   * @throws ConfigError NOT_A_FUNCTION unless `extractor` is a function. At
   *   assignment, INVALID_DURATION when it returns anything but a positive integer.
   */
  static withDynamicGap<T>(extractor: SessionGapExtractor<T>): ProcessingTimeSessionWindows<T> {
    return new ProcessingTimeSessionWindows(dynamicSessionGap(extractor, NAME));
  }

  /** The fixed gap in ms, or undefined for a dynamic gap. */
  get fixedGap(): Millis | undefined {
    return this.gap.fixed;
  }

  /**
   * `[now, now + gap)` for the current processing time, in a new array; `timestamp` is ignored.
   *
   * @throws ConfigError INVALID_DURATION when a dynamic gap is not a positive integer.
   */
  assignWindows(element: T, _timestamp: Millis, context: WindowAssignerContext): readonly TimeWindow[] {
    const now = context.currentProcessingTime();
    return [new TimeWindow(now, saturatingAdd(now, this.gap.gapOf(element)))];
  }

  /** Merges windows that overlap or touch; see {@link mergeTimeWindows}. */
  mergeWindows(windows: readonly TimeWindow[], merge: MergeCallback<TimeWindow>): void {
    mergeTimeWindows(windows, merge);
  }

  /** A {@link ProcessingTimeTrigger}: fires when processing time reaches the session's max timestamp. */
  defaultTrigger(): Trigger<T, TimeWindow> {
    return ProcessingTimeTrigger.create();
  }

  toString(): string {
    return `${NAME}(${this.gap.fixed ?? 'dynamic gap'})`;
  }
}
