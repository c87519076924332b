import { requireDuration } from '../../errors/argument-checks.js';
import type { Millis } from '../../time/time-types.js';
import type { Window } from '../windows/window.js';
import type { Evictor, EvictorContext, TimestampedValue } from './evictor.js';
import { readDoEvictAfter, type EvictionOptions } from './eviction-options.js';

/**
 * Keeps the elements of the last `windowLength` milliseconds, measured back
 * from the newest element timestamp in the window (Flink's TimeEvictor):
 * evicts every element with `timestamp <= max - windowLength`. Does nothing
 * when the elements carry no timestamps (judged by the first one, as in
 * Flink); an element without a timestamp among timestamped ones is kept.
 *
 * @example
 * ```ts
 * // Every 10 elements, evaluate only those of the last 5 s of event time:
 * keyed
 *   .window(GlobalWindows.create())
 *   .trigger(CountTrigger.of(10))
 *   .evictor(TimeEvictor.of(5_000))
 *   .reduce(sum);
 * ```
 */
export class TimeEvictor<W extends Window = Window> implements Evictor<unknown, W> {
  private constructor(
    readonly windowLength: Millis,
    readonly doEvictAfter: boolean,
  ) {}

  /**
   * An evictor that keeps the elements within `windowLength` of the newest one.
   * @throws ConfigError (INVALID_DURATION) unless `windowLength` is a positive integer; (INVALID_ARGUMENT) for bad options.
   */
  static of<W extends Window = Window>(windowLength: Millis, options?: EvictionOptions): TimeEvictor<W> {
    return new TimeEvictor<W>(
      requireDuration(windowLength, 'TimeEvictor.of(windowLength)', { positive: true }),
      readDoEvictAfter(options, 'TimeEvictor.of'),
    );
  }

  evictBefore(elements: TimestampedValue<unknown>[], _window: W, _ctx: EvictorContext): void {
    if (!this.doEvictAfter) this.evict(elements);
  }

  evictAfter(elements: TimestampedValue<unknown>[], _window: W, _ctx: EvictorContext): void {
    if (this.doEvictAfter) this.evict(elements);
  }

  toString(): string {
    return `TimeEvictor(${this.windowLength})`;
  }

  private evict(elements: TimestampedValue<unknown>[]): void {
    if (elements.length === 0 || elements[0]!.timestamp === undefined) return;
    let newest = -Infinity;
    for (const { timestamp } of elements) if (timestamp !== undefined && timestamp > newest) newest = timestamp;
    const cutoff = newest - this.windowLength;
    let kept = 0;
    for (const element of elements) {
      if (element.timestamp === undefined || element.timestamp > cutoff) elements[kept++] = element;
    }
    elements.length = kept;
  }
}
