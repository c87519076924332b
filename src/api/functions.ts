import type { Key } from '../state/key-encoding.js';

/** Transforms one value. */
export type MapFunction<T, R> = (value: T) => R;
/** Keeps values for which it returns true. */
export type FilterFunction<T> = (value: T) => boolean;
/** Turns one value into zero or more (an array, a Set, a generator, ...). */
export type FlatMapFunction<T, R> = (value: T) => Iterable<R>;
/** Extracts the key a value is partitioned and stored by. */
export type KeySelector<T, K extends Key = Key> = (value: T) => K;
