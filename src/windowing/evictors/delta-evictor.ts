import { ConfigError } from '../../errors/config-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { describeValue, requireFunction } from '../../errors/argument-checks.js';
import type { Window } from '../windows/window.js';
import type { Evictor, EvictorContext, TimestampedValue } from './evictor.js';
import { readDoEvictAfter, type EvictionOptions } from './eviction-options.js';

/**
 * Distance between two elements (Flink's DeltaFunction): `older` is an
 * element of the window, `newer` the window's last element.
 */
export type DeltaFunction<T> = (older: T, newer: T) => number;

/**
 * Evicts every element whose delta to the window's last element is at least
 * `threshold` (Flink's DeltaEvictor), before the window function or, with
 * `doEvictAfter`, after it. The last element is compared with itself too, so a
 * threshold at or below its self-delta (usually 0) evicts it as well.
 *
 * @example
 * ```ts
 * // Every 10 readings, evaluate those within 5 degrees of the latest one:
 * keyed
 *   .window(GlobalWindows.create())
 *   .trigger(CountTrigger.of(10))
 *   .evictor(DeltaEvictor.of(5, (older: Reading, newer: Reading) => Math.abs(newer.celsius - older.celsius)))
 *   .process(report);
 * ```
 */
export class DeltaEvictor<T, W extends Window = Window> implements Evictor<T, W> {
  private constructor(
    readonly threshold: number,
    private readonly delta: DeltaFunction<T>,
    readonly doEvictAfter: boolean,
  ) {}

  /**
   * An evictor that drops elements at least `threshold` away from the last one.
   * @throws ConfigError: INVALID_ARGUMENT for a threshold that is not a number (or NaN) or bad options,
   * NOT_A_FUNCTION when `delta` is not a function.
   */
  static of<T, W extends Window = Window>(
    threshold: number,
    delta: DeltaFunction<T>,
    options?: EvictionOptions,
  ): DeltaEvictor<T, W> {
    if (typeof threshold !== 'number' || Number.isNaN(threshold)) {
      throw new ConfigError(
        ErrorCodes.INVALID_ARGUMENT,
        `DeltaEvictor.of(threshold) must be a number, got ${describeValue(threshold)}.`,
      );
    }
    requireFunction(delta, 'DeltaEvictor.of(threshold, delta): delta');
    return new DeltaEvictor<T, W>(threshold, delta, readDoEvictAfter(options, 'DeltaEvictor.of'));
  }

  evictBefore(elements: TimestampedValue<T>[], _window: W, _ctx: EvictorContext): void {
    if (!this.doEvictAfter) this.evict(elements);
  }

  evictAfter(elements: TimestampedValue<T>[], _window: W, _ctx: EvictorContext): void {
    if (this.doEvictAfter) this.evict(elements);
  }

  toString(): string {
    return `DeltaEvictor(${this.threshold})`;
  }

  private evict(elements: TimestampedValue<T>[]): void {
    if (elements.length === 0) return;
    const last = elements[elements.length - 1]!.value;
    let kept = 0;
    for (const element of elements) {
      // Negated >=, so that a NaN delta keeps the element, as in Flink.
      if (!(this.delta(element.value, last) >= this.threshold)) elements[kept++] = element;
    }
    elements.length = kept;
  }
}
