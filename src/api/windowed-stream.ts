import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import { describeValue, requireDuration, requireFunction } from '../errors/argument-checks.js';
import type { AggregateFunction } from '../state/aggregate-function.js';
import type { Key } from '../state/key-encoding.js';
import type { Millis } from '../time/time-types.js';
import { isMergingAssigner, type WindowAssigner } from '../windowing/assigners/window-assigner.js';
import type { Evictor } from '../windowing/evictors/evictor.js';
import type { ProcessWindowFunction } from '../windowing/functions/process-window-function.js';
import { createWindowOperator, type WindowEvaluation } from '../windowing/operator/create-window-operator.js';
import type { Trigger } from '../windowing/triggers/trigger.js';
import type { Window } from '../windowing/windows/window.js';
import type { DataStream } from './data-stream.js';
import type { KeyedStream } from './keyed-stream.js';
import type { OutputTag } from './output-tag.js';

/**
 * A keyed stream cut into windows (from `keyed.window(assigner)`): set the
 * trigger, evictor, allowed lateness and late-data output, then evaluate the
 * windows with `reduce`, `aggregate` or `process`.
 *
 * @example
 * ```ts
 * keyed
 *   .window(TumblingEventTimeWindows.of(60_000))
 *   .allowedLateness(5_000)
 *   .sideOutputLateData(late)
 *   .reduce((a, b) => ({ ...a, clicks: a.clicks + b.clicks }));
 * ```
 */
export class WindowedStream<T, K extends Key, W extends Window> {
  private windowTrigger: Trigger<T, W>;
  private windowEvictor: Evictor<T, W> | undefined;
  private lateness: Millis = 0;
  private lateTag: OutputTag<T> | undefined;

  /** @internal */
  constructor(
    private readonly keyed: KeyedStream<T, K>,
    private readonly assigner: WindowAssigner<T, W>,
  ) {
    this.windowTrigger = assigner.defaultTrigger();
  }

  /** Replaces the assigner's default trigger. */
  trigger(trigger: Trigger<T, W>): this {
    if (trigger === null || typeof trigger !== 'object' || typeof trigger.onElement !== 'function') {
      throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `trigger() needs a Trigger, got ${describeValue(trigger)}.`);
    }
    if (isMergingAssigner(this.assigner) && !trigger.canMerge()) {
      throw new ConfigError(
        ErrorCodes.INVALID_ARGUMENT,
        'A merging window assigner (session windows) needs a trigger that can merge (canMerge() returns true).',
      );
    }
    this.windowTrigger = trigger;
    return this;
  }

  /** Evicts elements before and/or after evaluation; the window then keeps every element. */
  evictor(evictor: Evictor<T, W>): this {
    if (evictor === null || typeof evictor !== 'object' || typeof evictor.evictBefore !== 'function') {
      throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `evictor() needs an Evictor, got ${describeValue(evictor)}.`);
    }
    this.windowEvictor = evictor;
    return this;
  }

  /** Keeps windows this long after their end so late elements update (and re-fire) them. Event time only. */
  allowedLateness(lateness: Millis): this {
    this.lateness = requireDuration(lateness, 'allowedLateness');
    return this;
  }

  /** Sends elements that arrive after their windows were cleaned up to `tag` instead of dropping them. */
  sideOutputLateData(tag: OutputTag<T>): this {
    this.lateTag = tag;
    return this;
  }

  /** Reduces each window incrementally; optionally hands the result to a process function. */
  reduce<OUT = T>(reduce: (a: T, b: T) => T, then?: ProcessWindowFunction<T, OUT, K, W>): DataStream<OUT> {
    requireFunction(reduce, 'The reduce function');
    if (then !== undefined) requireProcessWindowFunction(then);
    return this.build<OUT>({ kind: 'reduce', reduce, then });
  }

  /** Aggregates each window incrementally; optionally hands the result to a process function. */
  aggregate<ACC, R, OUT = R>(aggregate: AggregateFunction<T, ACC, R>, then?: ProcessWindowFunction<R, OUT, K, W>): DataStream<OUT> {
    if (aggregate === null || typeof aggregate !== 'object') {
      throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `aggregate() needs an AggregateFunction, got ${describeValue(aggregate)}.`);
    }
    for (const m of ['createAccumulator', 'add', 'getResult', 'merge'] as const) requireFunction(aggregate[m], `aggregate.${m}`);
    if (then !== undefined) requireProcessWindowFunction(then);
    return this.build<OUT>({
      kind: 'aggregate',
      aggregate: aggregate as AggregateFunction<T, unknown, unknown>,
      then: then as ProcessWindowFunction<unknown, OUT, K, W> | undefined,
    });
  }

  /** Evaluates each window with all its elements. */
  process<OUT>(fn: ProcessWindowFunction<T, OUT, K, W>): DataStream<OUT> {
    requireProcessWindowFunction(fn);
    return this.build<OUT>({ kind: 'process', process: fn });
  }

  private build<OUT>(evaluation: WindowEvaluation<T, OUT, K, W>): DataStream<OUT> {
    const plan = createWindowOperator<T, OUT, K, W>({
      keySelector: this.keyed.keySelector as (value: T) => Key,
      assigner: this.assigner,
      trigger: this.windowTrigger,
      evictor: this.windowEvictor,
      allowedLateness: this.lateness,
      lateDataTag: this.lateTag,
      evaluation,
    });
    return this.keyed.addKeyedOperator<OUT>(plan.name, plan.createOperator);
  }
}

function requireProcessWindowFunction(fn: unknown): void {
  if (fn === null || typeof fn !== 'object' || typeof (fn as { process?: unknown }).process !== 'function') {
    throw new ConfigError(
      ErrorCodes.NOT_A_FUNCTION,
      `A process window function must be an object with process(key, context, elements, out), got ${describeValue(fn)}.`,
    );
  }
}
