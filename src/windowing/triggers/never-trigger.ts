import type { Millis } from '../../time/time-types.js';
import type { Window } from '../windows/window.js';
import type { OnMergeContext, Trigger, TriggerContext } from './trigger.js';
import type { TriggerResult } from './trigger-result.js';

/**
 * A trigger that never fires: the default of `GlobalWindows.create()`
 * (Flink's GlobalWindows.NeverTrigger). Such windows only produce output with
 * a trigger of your own. Registers nothing, keeps no state.
 *
 * @example
 * ```ts
 * // Without .trigger(...) this window would never emit:
 * keyed.window(GlobalWindows.create()).trigger(CountTrigger.of(10)).reduce(sum);
 * ```
 */
export class NeverTrigger implements Trigger<unknown, Window> {
  private constructor() {}

  /** The trigger that never fires. */
  static create(): NeverTrigger {
    return new NeverTrigger();
  }

  onElement(_element: unknown, _timestamp: Millis, _window: Window, _ctx: TriggerContext): TriggerResult {
    return 'CONTINUE';
  }

  onEventTime(_time: Millis, _window: Window, _ctx: TriggerContext): TriggerResult {
    return 'CONTINUE';
  }

  onProcessingTime(_time: Millis, _window: Window, _ctx: TriggerContext): TriggerResult {
    return 'CONTINUE';
  }

  canMerge(): boolean {
    return true;
  }

  onMerge(_window: Window, _ctx: OnMergeContext): void {}

  clear(_window: Window, _ctx: TriggerContext): void {}

  toString(): string {
    return 'NeverTrigger()';
  }
}
