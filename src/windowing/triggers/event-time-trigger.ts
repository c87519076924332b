import type { Millis } from '../../time/time-types.js';
import type { TimeWindow } from '../windows/time-window.js';
import type { OnMergeContext, Trigger, TriggerContext } from './trigger.js';
import type { TriggerResult } from './trigger-result.js';

/**
 * Fires a window once the watermark reaches its max timestamp (`end - 1`):
 * the default trigger of event-time assigners (Flink's EventTimeTrigger).
 * An element for a window the watermark has already passed fires it at once
 * and registers nothing. Keeps no state: the timer is the only trace.
 *
 * @example
 * ```ts
 * keyed
 *   .window(SlidingEventTimeWindows.of({ size: 60_000, slide: 10_000 }))
 *   .trigger(EventTimeTrigger.create())
 *   .reduce(sum);
 * ```
 */
export class EventTimeTrigger implements Trigger<unknown, TimeWindow> {
  /** Lets the window operator recognise this trigger and skip re-registering its timer per element. */
  readonly kind = 'event-time' as const;

  private constructor() {}

  /** A trigger that fires when the watermark passes the end of the window. */
  static create(): EventTimeTrigger {
    return new EventTimeTrigger();
  }

  onElement(_element: unknown, _timestamp: Millis, window: TimeWindow, ctx: TriggerContext): TriggerResult {
    const maxTimestamp = window.maxTimestamp();
    if (maxTimestamp <= ctx.currentWatermark()) return 'FIRE';
    ctx.registerEventTimeTimer(maxTimestamp);
    return 'CONTINUE';
  }

  onEventTime(time: Millis, window: TimeWindow, _ctx: TriggerContext): TriggerResult {
    return time === window.maxTimestamp() ? 'FIRE' : 'CONTINUE';
  }

  onProcessingTime(_time: Millis, _window: TimeWindow, _ctx: TriggerContext): TriggerResult {
    return 'CONTINUE';
  }

  canMerge(): boolean {
    return true;
  }

  onMerge(window: TimeWindow, ctx: OnMergeContext): void {
    // A timer below the watermark would fire at the next watermark, on top of
    // the FIRE that onElement returns for the merged (already late) window.
    const maxTimestamp = window.maxTimestamp();
    if (maxTimestamp > ctx.currentWatermark()) ctx.registerEventTimeTimer(maxTimestamp);
  }

  clear(window: TimeWindow, ctx: TriggerContext): void {
    ctx.deleteEventTimeTimer(window.maxTimestamp());
  }

  toString(): string {
    return 'EventTimeTrigger()';
  }
}
