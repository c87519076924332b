import { requireIntegerInRange } from '../../errors/argument-checks.js';
import { ReducingStateDescriptor } from '../../state/state-descriptor.js';
import type { Millis } from '../../time/time-types.js';
import type { Window } from '../windows/window.js';
import type { OnMergeContext, Trigger, TriggerContext } from './trigger.js';
import type { TriggerResult } from './trigger-result.js';

/** Elements seen per window since the last fire; merging windows add up. */
const COUNT = new ReducingStateDescriptor<number>({ name: 'CountTrigger.count', reduce: (a, b) => a + b });

/**
 * Fires a window every `maxCount` elements (Flink's CountTrigger). The count
 * restarts after each fire; the contents stay (wrap it in
 * {@link PurgingTrigger} to drop them). The count is per-window keyed state,
 * so it survives checkpoints, and merging windows sum their counts.
 *
 * @example
 * ```ts
 * // Count windows of 100, as keyed.countWindow(100) builds them:
 * keyed.window(GlobalWindows.create()).trigger(PurgingTrigger.of(CountTrigger.of(100))).reduce(sum);
 * ```
 */
export class CountTrigger<W extends Window = Window> implements Trigger<unknown, W> {
  private constructor(readonly maxCount: number) {}

  /**
   * A trigger that fires when a window has received `maxCount` elements.
   * @throws ConfigError (INVALID_ARGUMENT) unless `maxCount` is a positive safe integer.
   */
  static of<W extends Window = Window>(maxCount: number): CountTrigger<W> {
    return new CountTrigger<W>(requireIntegerInRange(maxCount, 'CountTrigger.of(maxCount)', 1, Number.MAX_SAFE_INTEGER));
  }

  onElement(_element: unknown, _timestamp: Millis, _window: W, ctx: TriggerContext): TriggerResult {
    const count = ctx.getPartitionedState(COUNT);
    count.add(1);
    if (count.get()! >= this.maxCount) {
      count.clear();
      return 'FIRE';
    }
    return 'CONTINUE';
  }

  onEventTime(_time: Millis, _window: W, _ctx: TriggerContext): TriggerResult {
    return 'CONTINUE';
  }

  onProcessingTime(_time: Millis, _window: W, _ctx: TriggerContext): TriggerResult {
    return 'CONTINUE';
  }

  canMerge(): boolean {
    return true;
  }

  onMerge(_window: W, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(COUNT);
  }

  clear(_window: W, ctx: TriggerContext): void {
    ctx.getPartitionedState(COUNT).clear();
  }

  toString(): string {
    return `CountTrigger(${this.maxCount})`;
  }
}
