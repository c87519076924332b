import type { Millis } from '../../time/time-types.js';
import type { Window } from '../windows/window.js';

/** An element in a window with its timestamp (undefined when it had none). */
export interface TimestampedValue<T> {
  readonly value: T;
  readonly timestamp: Millis | undefined;
}

/** What an evictor may ask. */
export interface EvictorContext {
  currentProcessingTime(): Millis;
  currentWatermark(): Millis;
}

/**
 * Removes elements from a window before and/or after the window function runs
 * (Flink's Evictor). Works in place on `elements` (oldest first): remove what
 * should go, e.g. with `splice`. Evicted elements leave the window for good.
 */
export interface Evictor<T, W extends Window> {
  evictBefore(elements: TimestampedValue<T>[], window: W, ctx: EvictorContext): void;
  evictAfter(elements: TimestampedValue<T>[], window: W, ctx: EvictorContext): void;
}
