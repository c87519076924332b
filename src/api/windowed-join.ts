import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import { describeValue, requireDuration, requireFunction } from '../errors/argument-checks.js';
import type { Key } from '../state/key-encoding.js';
import type { Millis } from '../time/time-types.js';
import { isMergingAssigner, type WindowAssigner } from '../windowing/assigners/window-assigner.js';
import type { Evictor } from '../windowing/evictors/evictor.js';
import type { ProcessWindowFunction } from '../windowing/functions/process-window-function.js';
import type { Trigger } from '../windowing/triggers/trigger.js';
import type { Window } from '../windowing/windows/window.js';
import type { DataStream } from './data-stream.js';
import type { KeySelector } from './functions.js';
import type { FlatJoinFunction, JoinFunction } from './join-functions.js';
import { taggedKeySelector, type TaggedUnion } from './tagged-union.js';

/**
 * A window join with its keys and windows (from
 * `left.join(right).where(...).equalTo(...).window(assigner)`): optionally
 * set a trigger, evictor or allowed lateness, then give the join function.
 *
 * Semantics (Flink's window join, a co-group on a window): both sides are
 * tagged, unioned and keyed, and every window of a key keeps the elements of
 * both sides. When the window fires, the function is called for every pair
 * of a left and a right element in it (left elements in the outer loop, each
 * side in arrival order); a window holding only one side emits nothing.
 * Results carry `window.maxTimestamp()`. Firing, lateness and cleanup are the
 * window operator's: see `WindowedStream`.
 */
export class WindowedJoin<L, R, K extends Key, W extends Window> {
  private windowTrigger: Trigger<TaggedUnion<L, R>, W> | undefined;
  private windowEvictor: Evictor<TaggedUnion<L, R>, W> | undefined;
  private lateness: Millis = 0;

  /** @internal */
  constructor(
    private readonly left: DataStream<L>,
    private readonly right: DataStream<R>,
    private readonly leftKey: KeySelector<L, K>,
    private readonly rightKey: KeySelector<R, K>,
    private readonly assigner: WindowAssigner<TaggedUnion<L, R>, W>,
  ) {}

  /**
   * Replaces the assigner's default trigger (it sees tagged elements).
   * @throws ConfigError INVALID_ARGUMENT when `trigger` is not a Trigger, or cannot merge for a merging assigner.
   */
  trigger(trigger: Trigger<TaggedUnion<L, R>, W>): this {
    if (trigger === null || typeof trigger !== 'object' || typeof trigger.onElement !== 'function') {
      throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `join().trigger() needs a Trigger, got ${describeValue(trigger)}.`);
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

  /**
   * Evicts tagged elements of a window before and/or after the join function runs.
   * @throws ConfigError INVALID_ARGUMENT when `evictor` is not an Evictor.
   */
  evictor(evictor: Evictor<TaggedUnion<L, R>, W>): this {
    if (evictor === null || typeof evictor !== 'object' || typeof evictor.evictBefore !== 'function') {
      throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `join().evictor() needs an Evictor, got ${describeValue(evictor)}.`);
    }
    this.windowEvictor = evictor;
    return this;
  }

  /**
   * Keeps windows this long after their end so late elements join (and re-fire them). Event time only.
   * @throws ConfigError INVALID_DURATION when `lateness` is not a non-negative integer.
   */
  allowedLateness(lateness: Millis): this {
    this.lateness = requireDuration(lateness, 'allowedLateness');
    return this;
  }

  /**
   * Emits `join(left, right)` for every pair in a firing window.
   * @example `.apply((click, view) => ({ user: click.user, page: view.page }))`
   * @throws ConfigError NOT_A_FUNCTION when `join` is not a function.
   */
  apply<OUT>(join: JoinFunction<L, R, OUT>): DataStream<OUT> {
    requireFunction(join, 'The join function');
    return this.build<OUT>((left, right, out) => out.collect(join(left, right)));
  }

  /**
   * Calls `join(left, right, out)` for every pair in a firing window; it may emit any number of results.
   * @example `.flatApply((order, payment, out) => { if (payment.ok) out.collect(order.id); })`
   * @throws ConfigError NOT_A_FUNCTION when `join` is not a function.
   */
  flatApply<OUT>(join: FlatJoinFunction<L, R, OUT>): DataStream<OUT> {
    requireFunction(join, 'The flat join function');
    return this.build<OUT>(join);
  }

  private build<OUT>(join: FlatJoinFunction<L, R, OUT>): DataStream<OUT> {
    const windowed = this.left
      .map<TaggedUnion<L, R>>((value) => ({ side: 'left', value }))
      .union(this.right.map<TaggedUnion<L, R>>((value) => ({ side: 'right', value })))
      .keyBy(taggedKeySelector(this.leftKey, this.rightKey))
      .window(this.assigner)
      .allowedLateness(this.lateness);
    if (this.windowTrigger !== undefined) windowed.trigger(this.windowTrigger);
    if (this.windowEvictor !== undefined) windowed.evictor(this.windowEvictor);
    return windowed.process(joinPairs<L, R, OUT, K, W>(join));
  }
}

/** The co-group of one window: every left element with every right element. */
function joinPairs<L, R, OUT, K, W extends Window>(join: FlatJoinFunction<L, R, OUT>): ProcessWindowFunction<TaggedUnion<L, R>, OUT, K, W> {
  return {
    process(_key, _context, elements, out) {
      const lefts: L[] = [];
      const rights: R[] = [];
      for (const element of elements) {
        if (element.side === 'left') lefts.push(element.value);
        else rights.push(element.value);
      }
      for (const left of lefts) for (const right of rights) join(left, right, out);
    },
  };
}
