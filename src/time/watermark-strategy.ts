import { requireDuration, requireFunction } from '../errors/argument-checks.js';
import { BoundedOutOfOrdernessWatermarks } from './bounded-out-of-orderness-watermarks.js';
import type { Clock } from './clock.js';
import type { TimestampAssigner, WatermarkGenerator } from './watermark-generator.js';
import { WatermarksWithIdleness } from './watermarks-with-idleness.js';
import type { Millis } from './time-types.js';

/** What a generator is built with. */
export interface WatermarkGeneratorContext {
  readonly clock: Clock;
}

/**
 * How a stream gets timestamps and watermarks: a generator factory, an
 * optional timestamp assigner and an optional idleness timeout. Immutable:
 * each `with...` returns a new strategy.
 *
 * @example
 * ```ts
 * stream.assignTimestampsAndWatermarks(
 *   WatermarkStrategy.forBoundedOutOfOrderness<Click>(5_000)
 *     .withTimestampAssigner((click) => click.at)
 *     .withIdleness(60_000),
 * );
 * ```
 */
export class WatermarkStrategy<T> {
  private constructor(
    readonly createGenerator: (context: WatermarkGeneratorContext) => WatermarkGenerator<T>,
    readonly timestampAssigner: TimestampAssigner<T> | undefined,
    readonly idleTimeout: Millis | undefined,
  ) {}

  /** Watermarks trail the largest timestamp by `maxOutOfOrderness` ms: `max - bound - 1`. */
  static forBoundedOutOfOrderness<T>(maxOutOfOrderness: Millis): WatermarkStrategy<T> {
    requireDuration(maxOutOfOrderness, 'maxOutOfOrderness');
    return new WatermarkStrategy<T>(() => new BoundedOutOfOrdernessWatermarks<T>(maxOutOfOrderness), undefined, undefined);
  }

  /** For timestamps that never decrease: the watermark is `max - 1`. */
  static forMonotonousTimestamps<T>(): WatermarkStrategy<T> {
    return WatermarkStrategy.forBoundedOutOfOrderness<T>(0);
  }

  /** Any generator, e.g. a punctuated one that emits from `onEvent`. */
  static forGenerator<T>(factory: (context: WatermarkGeneratorContext) => WatermarkGenerator<T>): WatermarkStrategy<T> {
    requireFunction(factory, 'The watermark generator factory');
    return new WatermarkStrategy<T>(factory, undefined, undefined);
  }

  /** Timestamps only; no watermarks (event-time timers fire only at end of input). */
  static noWatermarks<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(() => ({ onEvent() {}, onPeriodicEmit() {} }), undefined, undefined);
  }

  /** Takes event timestamps from `assigner` (result must be a safe integer). */
  withTimestampAssigner(assigner: TimestampAssigner<T>): WatermarkStrategy<T> {
    requireFunction(assigner, 'The timestamp assigner');
    return new WatermarkStrategy<T>(this.createGenerator, assigner, this.idleTimeout);
  }

  /** Marks the stream idle after `timeout` ms of processing time without events. */
  withIdleness(timeout: Millis): WatermarkStrategy<T> {
    requireDuration(timeout, 'The idleness timeout', { positive: true });
    return new WatermarkStrategy<T>(this.createGenerator, this.timestampAssigner, timeout);
  }

  /** Builds the generator, wrapped for idleness when configured. */
  buildGenerator(context: WatermarkGeneratorContext): WatermarkGenerator<T> {
    const generator = this.createGenerator(context);
    return this.idleTimeout === undefined ? generator : new WatermarksWithIdleness(generator, this.idleTimeout, context.clock);
  }
}
