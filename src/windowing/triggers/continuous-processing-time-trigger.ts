import { requireDuration } from '../../errors/argument-checks.js';
import type { ReducingState } from '../../state/keyed-state.js';
import { ReducingStateDescriptor } from '../../state/state-descriptor.js';
import { saturatingAdd, type Millis } from '../../time/time-types.js';
import type { Window } from '../windows/window.js';
import type { OnMergeContext, Trigger, TriggerContext } from './trigger.js';
import type { TriggerResult } from './trigger-result.js';

/** The pending periodic fire time of a window; merging keeps the earliest. */
const FIRE_TIME = new ReducingStateDescriptor<Millis>({
  name: 'ContinuousProcessingTimeTrigger.fire-time',
  reduce: Math.min,
});

/**
 * Fires a window every `interval` of processing time, keeping the contents
 * (Flink's ContinuousProcessingTimeTrigger). Fire times are aligned to the
 * interval: the first element at processing time `now` schedules
 * `now - now % interval + interval`, each fire schedules `time + interval`;
 * a fire time past the window's max timestamp is pulled back to it, so the
 * window fires at its end too (FLINK-20443). After that end fire nothing is
 * re-scheduled (Flink re-registers the same instant, which loops when the
 * window is not a processing-time one; FLINK-35069).
 *
 * @example
 * ```ts
 * // Daily event-time windows with a running result every 10 s of wall-clock time:
 * keyed
 *   .window(TumblingEventTimeWindows.of(86_400_000))
 *   .trigger(ContinuousProcessingTimeTrigger.of(10_000))
 *   .reduce(sum);
 * ```
 */
export class ContinuousProcessingTimeTrigger<W extends Window = Window> implements Trigger<unknown, W> {
  private constructor(readonly interval: Millis) {}

  /**
   * A trigger that fires every `interval` milliseconds of processing time.
   * @throws ConfigError (INVALID_DURATION) unless `interval` is a positive integer.
   */
  static of<W extends Window = Window>(interval: Millis): ContinuousProcessingTimeTrigger<W> {
    return new ContinuousProcessingTimeTrigger<W>(
      requireDuration(interval, 'ContinuousProcessingTimeTrigger.of(interval)', { positive: true }),
    );
  }

  onElement(_element: unknown, _timestamp: Millis, window: W, ctx: TriggerContext): TriggerResult {
    const fireTime = ctx.getPartitionedState(FIRE_TIME);
    if (fireTime.get() === undefined) {
      const now = ctx.currentProcessingTime();
      this.scheduleAfter(now - (now % this.interval), window, ctx, fireTime);
    }
    return 'CONTINUE';
  }

  onEventTime(_time: Millis, _window: W, _ctx: TriggerContext): TriggerResult {
    return 'CONTINUE';
  }

  onProcessingTime(time: Millis, window: W, ctx: TriggerContext): TriggerResult {
    const fireTime = ctx.getPartitionedState(FIRE_TIME);
    // Not the pending fire time: a timer of the window that this trigger did not set.
    if (fireTime.get() !== time) return 'CONTINUE';
    if (time < window.maxTimestamp()) {
      fireTime.clear();
      this.scheduleAfter(time, window, ctx, fireTime);
    }
    // At the end, the state keeps this time so that later elements do not schedule again.
    return 'FIRE';
  }

  canMerge(): boolean {
    return true;
  }

  onMerge(_window: W, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(FIRE_TIME);
    const next = ctx.getPartitionedState(FIRE_TIME).get();
    if (next !== undefined) ctx.registerProcessingTimeTimer(next);
  }

  clear(_window: W, ctx: TriggerContext): void {
    const fireTime = ctx.getPartitionedState(FIRE_TIME);
    const pending = fireTime.get();
    if (pending === undefined) return;
    ctx.deleteProcessingTimeTimer(pending);
    fireTime.clear();
  }

  toString(): string {
    return `ContinuousProcessingTimeTrigger(${this.interval})`;
  }

  private scheduleAfter(time: Millis, window: W, ctx: TriggerContext, fireTime: ReducingState<Millis>): void {
    const next = Math.min(saturatingAdd(time, this.interval), window.maxTimestamp());
    fireTime.add(next);
    ctx.registerProcessingTimeTimer(next);
  }
}
