import { ConfigError } from '../../errors/config-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { describeValue } from '../../errors/argument-checks.js';
import type { Millis } from '../../time/time-types.js';
import type { Window } from '../windows/window.js';
import type { OnMergeContext, Trigger, TriggerContext } from './trigger.js';
import type { TriggerResult } from './trigger-result.js';

/**
 * Makes any trigger purging (Flink's PurgingTrigger): every `FIRE` of the
 * wrapped trigger becomes `FIRE_AND_PURGE`, so each evaluation sees only the
 * elements that arrived since the previous one. Everything else (timers,
 * state, merging, clear) is the wrapped trigger's.
 *
 * @example
 * ```ts
 * // Tumbling count windows of 100: fire and start over.
 * keyed.window(GlobalWindows.create()).trigger(PurgingTrigger.of(CountTrigger.of(100))).reduce(sum);
 * ```
 */
export class PurgingTrigger<T, W extends Window> implements Trigger<T, W> {
  private constructor(readonly nested: Trigger<T, W>) {}

  /**
   * Wraps `nested` so that its fires purge the window.
   * @throws ConfigError (INVALID_ARGUMENT) when `nested` is not a trigger.
   */
  static of<T, W extends Window>(nested: Trigger<T, W>): PurgingTrigger<T, W> {
    if (nested === null || typeof nested !== 'object' || typeof nested.onElement !== 'function') {
      throw new ConfigError(
        ErrorCodes.INVALID_ARGUMENT,
        `PurgingTrigger.of(trigger) needs a Trigger, got ${describeValue(nested)}. Pass e.g. CountTrigger.of(100).`,
      );
    }
    return new PurgingTrigger(nested);
  }

  onElement(element: T, timestamp: Millis, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nested.onElement(element, timestamp, window, ctx));
  }

  onEventTime(time: Millis, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nested.onEventTime(time, window, ctx));
  }

  onProcessingTime(time: Millis, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nested.onProcessingTime(time, window, ctx));
  }

  canMerge(): boolean {
    return this.nested.canMerge();
  }

  onMerge(window: W, ctx: OnMergeContext): void {
    this.nested.onMerge?.(window, ctx);
  }

  clear(window: W, ctx: TriggerContext): void {
    this.nested.clear(window, ctx);
  }

  toString(): string {
    return `PurgingTrigger(${String(this.nested)})`;
  }
}

function purging(result: TriggerResult): TriggerResult {
  return result === 'FIRE' ? 'FIRE_AND_PURGE' : result;
}
