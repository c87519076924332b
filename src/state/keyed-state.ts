/**
 * Keyed state handles. Every call reads or writes the state of the current
 * key (the key of the element or timer being processed). Access is
 * synchronous; durability comes from checkpoints.
 *
 * Values are stored by reference: mutating an object after `update` mutates
 * the stored state too (as with Flink's heap backend). Snapshots copy.
 */

/** One value per key. */
export interface ValueState<T> {
  /** The stored value, or the descriptor's default when none. */
  value(): T | undefined;
  /** Stores `value`; `undefined` clears. */
  update(value: T | undefined): void;
  clear(): void;
}

/** A list per key. */
export interface ListState<T> {
  /** The elements, oldest first; an empty array when none. Do not mutate it. */
  get(): readonly T[];
  add(value: T): void;
  addAll(values: Iterable<T>): void;
  /** Replaces the whole list. */
  update(values: Iterable<T>): void;
  clear(): void;
}

/** A map per key. */
export interface MapState<UK, UV> {
  get(key: UK): UV | undefined;
  put(key: UK, value: UV): void;
  putAll(entries: Iterable<readonly [UK, UV]>): void;
  remove(key: UK): void;
  contains(key: UK): boolean;
  entries(): IterableIterator<[UK, UV]>;
  keys(): IterableIterator<UK>;
  values(): IterableIterator<UV>;
  isEmpty(): boolean;
  clear(): void;
}

/** A value per key that `add` folds new values into with a reduce function. */
export interface ReducingState<T> {
  get(): T | undefined;
  add(value: T): void;
  clear(): void;
}

/** An accumulator per key that `add` feeds; `get` returns the aggregate's result. */
export interface AggregatingState<IN, OUT> {
  get(): OUT | undefined;
  add(value: IN): void;
  clear(): void;
}
