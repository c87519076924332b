import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import { requireFunction, requireNonEmptyString } from '../errors/argument-checks.js';
import type { AggregateFunction } from './aggregate-function.js';
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from './keyed-state.js';

/** The five kinds of keyed state. */
export type StateKind = 'value' | 'list' | 'map' | 'reducing' | 'aggregating';

/**
 * Names one piece of keyed state and says what kind it is. The name is how
 * the state is found again after a restore: keep it stable.
 * `S` is the state handle type the descriptor yields.
 */
export abstract class StateDescriptor<S> {
  abstract readonly kind: StateKind;
  /** Phantom field so descriptors of different state types do not mix. */
  declare readonly __state?: S;

  protected constructor(readonly name: string) {
    requireNonEmptyString(name, 'A state descriptor name');
  }
}

/** Options of {@link ValueStateDescriptor}. */
export interface ValueStateOptions<T> {
  readonly name: string;
  /** Returned by `value()` when nothing was stored for the key. */
  readonly defaultValue?: T;
}

/**
 * A single value per key.
 * @example
 * ```ts
 * const count = ctx.getState(new ValueStateDescriptor<number>({ name: 'count', defaultValue: 0 }));
 * count.update(count.value()! + 1);
 * ```
 */
export class ValueStateDescriptor<T> extends StateDescriptor<ValueState<T>> {
  readonly kind = 'value' as const;
  readonly defaultValue: T | undefined;
  constructor(options: ValueStateOptions<T> | string) {
    const o = typeof options === 'string' ? { name: options } : options;
    super(o?.name);
    this.defaultValue = o.defaultValue;
  }
}

/** A list of values per key. @example `new ListStateDescriptor<Event>('buffer')` */
export class ListStateDescriptor<T> extends StateDescriptor<ListState<T>> {
  readonly kind = 'list' as const;
  constructor(options: { readonly name: string } | string) {
    super(typeof options === 'string' ? options : options?.name);
  }
}

/** A map of user keys to values per key. @example `new MapStateDescriptor<string, number>('perPage')` */
export class MapStateDescriptor<UK, UV> extends StateDescriptor<MapState<UK, UV>> {
  readonly kind = 'map' as const;
  constructor(options: { readonly name: string } | string) {
    super(typeof options === 'string' ? options : options?.name);
  }
}

/** Options of {@link ReducingStateDescriptor}. */
export interface ReducingStateOptions<T> {
  readonly name: string;
  /** Combines two values into one; must not mutate its arguments' shared parts unpredictably. */
  readonly reduce: (a: T, b: T) => T;
}

/**
 * One value per key, kept reduced as values are added.
 * @example `new ReducingStateDescriptor<number>({ name: 'sum', reduce: (a, b) => a + b })`
 */
export class ReducingStateDescriptor<T> extends StateDescriptor<ReducingState<T>> {
  readonly kind = 'reducing' as const;
  readonly reduce: (a: T, b: T) => T;
  constructor(options: ReducingStateOptions<T>) {
    super(options?.name);
    requireFunction(options.reduce, `The reduce function of state '${options.name}'`);
    this.reduce = options.reduce;
  }
}

/** Options of {@link AggregatingStateDescriptor}. */
export interface AggregatingStateOptions<IN, ACC, OUT> {
  readonly name: string;
  readonly aggregate: AggregateFunction<IN, ACC, OUT>;
}

/**
 * One accumulator per key, fed by an {@link AggregateFunction}.
 * @example `new AggregatingStateDescriptor({ name: 'avg', aggregate: average })`
 */
export class AggregatingStateDescriptor<IN, ACC, OUT> extends StateDescriptor<AggregatingState<IN, OUT>> {
  readonly kind = 'aggregating' as const;
  readonly aggregate: AggregateFunction<IN, ACC, OUT>;
  constructor(options: AggregatingStateOptions<IN, ACC, OUT>) {
    super(options?.name);
    const agg = options.aggregate;
    if (agg === null || typeof agg !== 'object') {
      throw new ConfigError(
        ErrorCodes.INVALID_ARGUMENT,
        `The aggregate of state '${options.name}' must be an object with createAccumulator, add, getResult and merge.`,
      );
    }
    for (const method of ['createAccumulator', 'add', 'getResult', 'merge'] as const) {
      requireFunction(agg[method], `aggregate.${method} of state '${options.name}'`);
    }
    this.aggregate = agg;
  }
}
