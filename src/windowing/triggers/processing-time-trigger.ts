import type { Millis } from '../../time/time-types.js';
import type { TimeWindow } from '../windows/time-window.js';
import type { OnMergeContext, Trigger, TriggerContext } from './trigger.js';
import type { TriggerResult } from './trigger-result.js';

/**
 * Fires a window once processing time reaches its max timestamp (`end - 1`):
 * the default trigger of processing-time assigners (Flink's
 * ProcessingTimeTrigger). Keeps no state: the timer is the only trace.
 *
 * @example
 * ```ts
 * keyed
 *   .window(TumblingProcessingTimeWindows.of(5_000))
 *   .trigger(ProcessingTimeTrigger.create())
 *   .reduce(sum);
 * ```
 */
export class ProcessingTimeTrigger implements Trigger<unknown, TimeWindow> {
  private constructor() {}

  /** A trigger that fires when processing time passes the end of the window. */
  static create(): ProcessingTimeTrigger {
    return new ProcessingTimeTrigger();
  }

  onElement(_element: unknown, _timestamp: Millis, window: TimeWindow, ctx: TriggerContext): TriggerResult {
    ctx.registerProcessingTimeTimer(window.maxTimestamp());
    return 'CONTINUE';
  }

  onEventTime(_time: Millis, _window: TimeWindow, _ctx: TriggerContext): TriggerResult {
    return 'CONTINUE';
  }

  onProcessingTime(_time: Millis, _window: TimeWindow, _ctx: TriggerContext): TriggerResult {
    return 'FIRE';
  }

  canMerge(): boolean {
    return true;
  }

  onMerge(window: TimeWindow, ctx: OnMergeContext): void {
    // Past the end already: the element that caused the merge registers the
    // timer itself, and a second one here would fire the window twice.
    const maxTimestamp = window.maxTimestamp();
    if (maxTimestamp > ctx.currentProcessingTime()) ctx.registerProcessingTimeTimer(maxTimestamp);
  }

  clear(window: TimeWindow, ctx: TriggerContext): void {
    ctx.deleteProcessingTimeTimer(window.maxTimestamp());
  }

  toString(): string {
    return 'ProcessingTimeTrigger()';
  }
}
