import type { StateDescriptor } from '../../state/state-descriptor.js';
import type { Millis } from '../../time/time-types.js';
import type { Window } from '../windows/window.js';
import type { TriggerResult } from './trigger-result.js';

/**
 * What a trigger can do for the current key and window: read time, manage
 * timers (unique per key, window and time) and keep per-window state.
 */
export interface TriggerContext {
  currentProcessingTime(): Millis;
  currentWatermark(): Millis;
  registerEventTimeTimer(time: Millis): void;
  registerProcessingTimeTimer(time: Millis): void;
  deleteEventTimeTimer(time: Millis): void;
  deleteProcessingTimeTimer(time: Millis): void;
  /** State of the current key scoped to the current window (e.g. a count). */
  getPartitionedState<S>(descriptor: StateDescriptor<S>): S;
}

/** The context of {@link Trigger.onMerge}: can merge per-window state of the merged windows into the result. */
export interface OnMergeContext extends TriggerContext {
  mergePartitionedState(descriptor: StateDescriptor<unknown>): void;
}

/**
 * Decides when a window is evaluated (Flink's Trigger). Called per element
 * and per timer of the window's key; keeps whatever it needs in partitioned
 * state so it snapshots with the job. One trigger object serves every key and
 * window: keep no per-window data in fields.
 *
 * @example
 * ```ts
 * // Fire every 100 elements, keep contents:
 * const every100 = CountTrigger.of(100);
 * keyed.window(GlobalWindows.create()).trigger(every100).reduce(sum);
 * ```
 */
export interface Trigger<T, W extends Window> {
  onElement(element: T, timestamp: Millis, window: W, ctx: TriggerContext): TriggerResult;
  onEventTime(time: Millis, window: W, ctx: TriggerContext): TriggerResult;
  onProcessingTime(time: Millis, window: W, ctx: TriggerContext): TriggerResult;
  /** Whether this trigger supports merging windows (then `onMerge` is required). */
  canMerge(): boolean;
  /** Called on the merged window; re-register timers, merge state. */
  onMerge?(window: W, ctx: OnMergeContext): void;
  /** Removes timers and state kept for `window` (at cleanup, or when merged away). */
  clear(window: W, ctx: TriggerContext): void;
}
