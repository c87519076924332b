import { requireIntegerInRange } from '../../errors/argument-checks.js';
import type { Window } from '../windows/window.js';
import type { Evictor, EvictorContext, TimestampedValue } from './evictor.js';
import { readDoEvictAfter, type EvictionOptions } from './eviction-options.js';

/**
 * Keeps the last `maxCount` elements of a window and evicts the older ones,
 * before the window function runs or, with `doEvictAfter`, after it (Flink's
 * CountEvictor). With a count trigger it makes sliding count windows, as
 * `keyed.countWindow(size, slide)` does.
 *
 * @example
 * ```ts
 * // The last 100 elements, evaluated every 10:
 * keyed
 *   .window(GlobalWindows.create())
 *   .trigger(CountTrigger.of(10))
 *   .evictor(CountEvictor.of(100))
 *   .reduce(sum);
 * ```
 */
export class CountEvictor<W extends Window = Window> implements Evictor<unknown, W> {
  private constructor(
    readonly maxCount: number,
    readonly doEvictAfter: boolean,
  ) {}

  /**
   * An evictor that keeps at most `maxCount` elements, the most recent ones.
   * @throws ConfigError (INVALID_ARGUMENT) unless `maxCount` is a positive safe integer and the options are valid.
   */
  static of<W extends Window = Window>(maxCount: number, options?: EvictionOptions): CountEvictor<W> {
    return new CountEvictor<W>(
      requireIntegerInRange(maxCount, 'CountEvictor.of(maxCount)', 1, Number.MAX_SAFE_INTEGER),
      readDoEvictAfter(options, 'CountEvictor.of'),
    );
  }

  evictBefore(elements: TimestampedValue<unknown>[], _window: W, _ctx: EvictorContext): void {
    if (!this.doEvictAfter) this.evict(elements);
  }

  evictAfter(elements: TimestampedValue<unknown>[], _window: W, _ctx: EvictorContext): void {
    if (this.doEvictAfter) this.evict(elements);
  }

  toString(): string {
    return `CountEvictor(${this.maxCount})`;
  }

  private evict(elements: TimestampedValue<unknown>[]): void {
    if (elements.length > this.maxCount) elements.splice(0, elements.length - this.maxCount);
  }
}
