import type { Key } from './key-encoding.js';
import type { NamespaceKey } from './namespace-serializer.js';

/**
 * What operators (windows, timers) need beyond the user-facing handles:
 * switching the namespace, merging namespaces, and raw access to the stored
 * value (a list, an accumulator, a reduced value, a Map).
 *
 * Contract: the current key is set on the backend; the current namespace on
 * the state. Neither survives a restore: operators set both before each use.
 */
export interface InternalKeyedState<N> {
  readonly name: string;
  setCurrentNamespace(namespace: N): void;
  /** The stored value of the current key and namespace, undefined when none. */
  getInternal(): unknown;
  /** Replaces the stored value of the current key and namespace (`undefined` removes it). */
  updateInternal(value: unknown): void;
  /**
   * Read-modify-write in one lookup: stores `add(existing, value, timestamp)`
   * for the current key and namespace and returns what was stored before
   * (undefined when nothing). `add` must return a value that is not empty
   * and must not use this state; if it throws, nothing changes.
   */
  addInternal<V, T>(add: (existing: unknown, value: V, timestamp: T) => unknown, value: V, timestamp: T): unknown;
  /**
   * Merges the state of `sources` into `target` for the current key and
   * clears the sources (merging windows). Lists concatenate; reducing and
   * aggregating state combine with their function. Value and map state
   * cannot merge and throw.
   */
  mergeNamespaces(target: N, sources: readonly N[]): void;
  /** Clears the current key and namespace. */
  clear(): void;
  /**
   * Calls `fn` with every (key, key hash, stored value) in `namespace`,
   * across all keys (to evaluate a whole window at once; make a key current
   * with `setCurrentKeyAndHash`). The hash is unsigned: its key group is
   * `keyHash % maxParallelism`. `fn` must not change this state's entries
   * in `namespace`.
   */
  forEachInNamespace(namespace: N, fn: (key: Key, keyHash: number, value: unknown) => void): void;
  /** Removes every key's entry in `namespace`. */
  clearNamespace(namespace: N): void;
}

/** A stored row: the key, the namespace key and the value. */
export type StateRow = readonly [key: unknown, namespace: NamespaceKey, value: unknown];
