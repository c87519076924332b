import { requireDuration } from '../../errors/argument-checks.js';
import { ReducingStateDescriptor } from '../../state/state-descriptor.js';
import { saturatingAdd, type Millis } from '../../time/time-types.js';
import type { Window } from '../windows/window.js';
import type { OnMergeContext, Trigger, TriggerContext } from './trigger.js';
import type { TriggerResult } from './trigger-result.js';

/** The pending periodic fire time of a window; merging keeps the earliest. */
const FIRE_TIME = new ReducingStateDescriptor<Millis>({ name: 'ContinuousEventTimeTrigger.fire-time', reduce: Math.min });

/**
 * Fires a window every `interval` of event time and once more at its end,
 * keeping the contents (early, accumulating results; Flink's
 * ContinuousEventTimeTrigger). Periodic fire times are aligned to the
 * interval: the first element at `ts` schedules `ts - ts % interval + interval`
 * (Java's truncating `%`, as in Flink), each periodic fire schedules
 * `time + interval`. An element for a window the watermark has passed fires
 * it at once and registers nothing.
 *
 * @example
 * ```ts
 * // Hourly windows with a running result every minute of event time:
 * keyed
 *   .window(TumblingEventTimeWindows.of(3_600_000))
 *   .trigger(ContinuousEventTimeTrigger.of(60_000))
 *   .reduce(sum);
 * ```
 */
export class ContinuousEventTimeTrigger<W extends Window = Window> implements Trigger<unknown, W> {
  private constructor(readonly interval: Millis) {}

  /**
   * A trigger that fires every `interval` milliseconds of event time.
   * @throws ConfigError (INVALID_DURATION) unless `interval` is a positive integer.
   */
  static of<W extends Window = Window>(interval: Millis): ContinuousEventTimeTrigger<W> {
    return new ContinuousEventTimeTrigger<W>(
      requireDuration(interval, 'ContinuousEventTimeTrigger.of(interval)', { positive: true }),
    );
  }

  onElement(_element: unknown, timestamp: Millis, window: W, ctx: TriggerContext): TriggerResult {
    const maxTimestamp = window.maxTimestamp();
    if (maxTimestamp <= ctx.currentWatermark()) return 'FIRE';
    ctx.registerEventTimeTimer(maxTimestamp);
    const fireTime = ctx.getPartitionedState(FIRE_TIME);
    if (fireTime.get() === undefined) {
      const next = saturatingAdd(timestamp - (timestamp % this.interval), this.interval);
      ctx.registerEventTimeTimer(next);
      fireTime.add(next);
    }
    return 'CONTINUE';
  }

  onEventTime(time: Millis, window: W, ctx: TriggerContext): TriggerResult {
    if (time === window.maxTimestamp()) return 'FIRE';
    const fireTime = ctx.getPartitionedState(FIRE_TIME);
    // No state: a timer of the window that this trigger did not set (e.g. cleanup).
    if (fireTime.get() !== time) return 'CONTINUE';
    fireTime.clear();
    const next = saturatingAdd(time, this.interval);
    // At the end of time the next fire would be this one again, forever.
    if (next > time) {
      fireTime.add(next);
      ctx.registerEventTimeTimer(next);
    }
    return 'FIRE';
  }

  onProcessingTime(_time: Millis, _window: W, _ctx: TriggerContext): TriggerResult {
    return 'CONTINUE';
  }

  canMerge(): boolean {
    return true;
  }

  onMerge(_window: W, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(FIRE_TIME);
    const next = ctx.getPartitionedState(FIRE_TIME).get();
    if (next !== undefined) ctx.registerEventTimeTimer(next);
  }

  /** Deletes the pending periodic timer and its state; the end-of-window timer stays, as in Flink. */
  clear(_window: W, ctx: TriggerContext): void {
    const fireTime = ctx.getPartitionedState(FIRE_TIME);
    const pending = fireTime.get();
    if (pending === undefined) return;
    ctx.deleteEventTimeTimer(pending);
    fireTime.clear();
  }

  toString(): string {
    return `ContinuousEventTimeTrigger(${this.interval})`;
  }
}
