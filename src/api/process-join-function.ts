import type { Millis } from '../time/time-types.js';
import type { Collector } from './collector.js';
import type { OutputTag } from './output-tag.js';
import type { RuntimeContext } from './runtime-context.js';

/** What a {@link ProcessJoinFunction} sees of the pair it joins. */
export interface ProcessJoinContext {
  /** Timestamp of the left element of the pair. */
  readonly leftTimestamp: Millis;
  /** Timestamp of the right element of the pair. */
  readonly rightTimestamp: Millis;
  /** Timestamp of the results: the larger of the two. */
  readonly timestamp: Millis;
  /** Emits `value` to the side output `tag`, stamped with {@link timestamp}. */
  output<X>(tag: OutputTag<X>, value: X): void;
}

/**
 * Processes each joined pair of an interval join (Flink's
 * ProcessJoinFunction). Results given to `out` carry the pair's timestamp,
 * `max(leftTimestamp, rightTimestamp)`. `open` gets keyed state of the join
 * key. With parallelism > 1 each subtask works on its own copy
 * (`Object.create(fn)`): fields assigned in `open` are per subtask.
 *
 * @example
 * ```ts
 * const toPair: ProcessJoinFunction<Click, View, [string, Millis]> = {
 *   processElement(click, view, ctx, out) { out.collect([`${click.id}/${view.id}`, ctx.rightTimestamp - ctx.leftTimestamp]); },
 * };
 * ```
 */
export interface ProcessJoinFunction<L, R, OUT> {
  open?(context: RuntimeContext): void;
  processElement(left: L, right: R, ctx: ProcessJoinContext, out: Collector<OUT>): void;
  close?(): void;
}

/** A {@link ProcessJoinFunction} given as just its `processElement`. */
export type ProcessJoinCallback<L, R, OUT> = (left: L, right: R, ctx: ProcessJoinContext, out: Collector<OUT>) => void;
