import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import { describeValue } from '../errors/argument-checks.js';
import { IntervalJoinOperator } from '../runtime/operators/interval-join-operator.js';
import type { Key } from '../state/key-encoding.js';
import type { Millis } from '../time/time-types.js';
import type { DataStream } from './data-stream.js';
import type { KeyedStream } from './keyed-stream.js';
import { OutputTag } from './output-tag.js';
import type { ProcessJoinCallback, ProcessJoinFunction } from './process-join-function.js';
import { taggedKeySelector, type TaggedUnion } from './tagged-union.js';

/**
 * The first step of an interval join (from `keyed.intervalJoin(otherKeyed)`):
 * set the time bounds with {@link between}. Event time only.
 *
 * @example
 * ```ts
 * clicks.keyBy((c) => c.user)
 *   .intervalJoin(views.keyBy((v) => v.user))
 *   .between(-5_000, 0) // views up to 5 s before the click, inclusive
 *   .process((click, view, ctx, out) => out.collect({ click, view, at: ctx.timestamp }));
 * ```
 */
export class IntervalJoin<L, R, K extends Key> {
  /** @internal */
  constructor(
    private readonly left: KeyedStream<L, K>,
    private readonly right: KeyedStream<R, K>,
  ) {}

  /**
   * Joins each left element at time `l` with each right element of the same
   * key at a time `r` with `l + lowerBound <= r <= l + upperBound` (both
   * bounds inclusive unless made exclusive; negative bounds reach back).
   *
   * @throws ConfigError INVALID_DURATION when a bound is not an integer number of ms;
   *   INVALID_ARGUMENT when `lowerBound > upperBound`.
   */
  between(lowerBound: Millis, upperBound: Millis): IntervalJoined<L, R, K> {
    requireBound(lowerBound, 'lowerBound');
    requireBound(upperBound, 'upperBound');
    if (lowerBound > upperBound) {
      throw new ConfigError(
        ErrorCodes.INVALID_ARGUMENT,
        `between(lowerBound, upperBound) needs lowerBound <= upperBound, got ${lowerBound} and ${upperBound}. ` +
          'Bounds are offsets from the left element’s timestamp, e.g. between(-5000, 0) for the 5 s before it.',
      );
    }
    return new IntervalJoined(this.left, this.right, lowerBound, upperBound);
  }
}

/**
 * An interval join with its bounds (from `between`): optionally make a bound
 * exclusive or send late elements to side outputs, then give the function
 * that processes each joined pair.
 *
 * Semantics (Flink's IntervalJoinOperator): both inputs are buffered per key;
 * each arriving element is joined at once with the buffered elements of the
 * other side within the bounds, and results carry `max(leftTs, rightTs)`.
 * An element whose timestamp is below the current watermark (the minimum of
 * both inputs) is late: it joins nothing and goes to the side output when one
 * is set. Buffered elements are removed once the watermark passes the last
 * time they could join.
 */
export class IntervalJoined<L, R, K extends Key> {
  private lowerBoundInclusive = true;
  private upperBoundInclusive = true;
  private leftLateDataTag: OutputTag<L> | undefined;
  private rightLateDataTag: OutputTag<R> | undefined;

  /** @internal */
  constructor(
    private readonly left: KeyedStream<L, K>,
    private readonly right: KeyedStream<R, K>,
    private readonly lowerBound: Millis,
    private readonly upperBound: Millis,
  ) {}

  /** Right elements exactly at `l + lowerBound` no longer join. */
  lowerBoundExclusive(): this {
    this.lowerBoundInclusive = false;
    return this;
  }

  /** Right elements exactly at `l + upperBound` no longer join. */
  upperBoundExclusive(): this {
    this.upperBoundInclusive = false;
    return this;
  }

  /** Sends late left elements (timestamp below the watermark) to `tag`, with their timestamp, instead of dropping them. */
  sideOutputLeftLateData(tag: OutputTag<L>): this {
    this.leftLateDataTag = requireOutputTag(tag, 'sideOutputLeftLateData');
    return this;
  }

  /** Sends late right elements to `tag`, with their timestamp, instead of dropping them. */
  sideOutputRightLateData(tag: OutputTag<R>): this {
    this.rightLateDataTag = requireOutputTag(tag, 'sideOutputRightLateData');
    return this;
  }

  /**
   * Processes each joined pair with `fn`: a function `(left, right, ctx, out)`
   * or a {@link ProcessJoinFunction} object (with `open` for keyed state).
   * Elements must carry timestamps (`assignTimestampsAndWatermarks`), else
   * the job fails with a ConfigError naming the operator.
   *
   * @throws ConfigError NOT_A_FUNCTION when `fn` is neither a function nor an object with `processElement`.
   */
  process<OUT>(fn: ProcessJoinFunction<L, R, OUT> | ProcessJoinCallback<L, R, OUT>): DataStream<OUT> {
    const joinFunction = toProcessJoinFunction(fn);
    const keySelector = taggedKeySelector(this.left.keySelector, this.right.keySelector);
    const options = {
      lowerBound: this.lowerBound,
      upperBound: this.upperBound,
      lowerBoundInclusive: this.lowerBoundInclusive,
      upperBoundInclusive: this.upperBoundInclusive,
      keySelector,
      fn: joinFunction,
      leftLateDataTag: this.leftLateDataTag,
      rightLateDataTag: this.rightLateDataTag,
    };
    return this.left.input
      .map<TaggedUnion<L, R>>((value) => ({ side: 'left', value }))
      .union(this.right.input.map<TaggedUnion<L, R>>((value) => ({ side: 'right', value })))
      .keyBy(keySelector)
      .addKeyedOperator<OUT>('IntervalJoin', () => new IntervalJoinOperator<L, R, OUT>(options) as never);
  }
}

function requireBound(value: unknown, what: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new ConfigError(
      ErrorCodes.INVALID_DURATION,
      `between(): ${what} must be an integer number of milliseconds (negative allowed), got ${describeValue(value)}.`,
    );
  }
}

function requireOutputTag<T>(tag: OutputTag<T>, method: string): OutputTag<T> {
  if (!(tag instanceof OutputTag)) {
    throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `${method}() needs an OutputTag, got ${describeValue(tag)}.`);
  }
  return tag;
}

function toProcessJoinFunction<L, R, OUT>(fn: ProcessJoinFunction<L, R, OUT> | ProcessJoinCallback<L, R, OUT>): ProcessJoinFunction<L, R, OUT> {
  if (typeof fn === 'function') return { processElement: fn };
  if (fn === null || typeof fn !== 'object' || typeof fn.processElement !== 'function') {
    throw new ConfigError(
      ErrorCodes.NOT_A_FUNCTION,
      `process() needs a function (left, right, ctx, out) or an object with processElement(left, right, ctx, out), got ${describeValue(fn)}.`,
    );
  }
  for (const hook of ['open', 'close'] as const) {
    if (fn[hook] !== undefined && typeof fn[hook] !== 'function') {
      throw new ConfigError(ErrorCodes.NOT_A_FUNCTION, `process(): ${hook} must be a function when given, got ${describeValue(fn[hook])}.`);
    }
  }
  return fn;
}
