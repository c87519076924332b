import { MAX_TIMESTAMP, type Millis } from '../../time/time-types.js';
import type { Window } from '../windows/window.js';
import type { OnMergeContext, Trigger, TriggerContext } from './trigger.js';
import type { TriggerResult } from './trigger-result.js';

/**
 * Fires once, when the input ends: registers an event-time timer at
 * {@link MAX_TIMESTAMP}, which only the final watermark reaches. The trigger
 * of `GlobalWindows.createWithEndOfStreamTrigger()` (Flink's
 * GlobalWindows.EndOfStreamTrigger). Keeps no state.
 *
 * @example
 * ```ts
 * // One result per key with everything it received, at the end of a bounded input:
 * keyed.window(GlobalWindows.create()).trigger(EndOfStreamTrigger.create()).reduce(sum);
 * ```
 */
export class EndOfStreamTrigger implements Trigger<unknown, Window> {
  private constructor() {}

  /** A trigger that fires at the end of the input. */
  static create(): EndOfStreamTrigger {
    return new EndOfStreamTrigger();
  }

  onElement(_element: unknown, _timestamp: Millis, _window: Window, ctx: TriggerContext): TriggerResult {
    ctx.registerEventTimeTimer(MAX_TIMESTAMP);
    return 'CONTINUE';
  }

  onEventTime(time: Millis, _window: Window, _ctx: TriggerContext): TriggerResult {
    return time === MAX_TIMESTAMP ? 'FIRE' : 'CONTINUE';
  }

  onProcessingTime(_time: Millis, _window: Window, _ctx: TriggerContext): TriggerResult {
    return 'CONTINUE';
  }

  canMerge(): boolean {
    return true;
  }

  onMerge(_window: Window, ctx: OnMergeContext): void {
    ctx.registerEventTimeTimer(MAX_TIMESTAMP);
  }

  clear(_window: Window, ctx: TriggerContext): void {
    ctx.deleteEventTimeTimer(MAX_TIMESTAMP);
  }

  toString(): string {
    return 'EndOfStreamTrigger()';
  }
}
