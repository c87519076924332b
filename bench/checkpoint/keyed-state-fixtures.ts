import { HeapKeyedStateBackend } from '../../src/state/heap/heap-keyed-state-backend.js';
import { KeyGroupRange } from '../../src/state/key-group-range.js';
import { AggregatingStateDescriptor, ValueStateDescriptor } from '../../src/state/state-descriptor.js';
import { inPlaceSum, numberNamespaces } from '../../test/support/keyed-state-fixtures.js';

/** The key of index `i`: strings, as keyBy on a user id gives. */
export const keyOf = (i: number): string => `user-${i}`;

/** A backend of all 128 key groups with value state `count` (a double) for `keys` keys. */
export function valueStateBackend(keys: number): { backend: HeapKeyedStateBackend; update: (i: number, value: number) => void } {
  const backend = new HeapKeyedStateBackend({ keyGroupRange: KeyGroupRange.all(128), maxParallelism: 128 });
  const state = backend.getState(new ValueStateDescriptor<number>('count'));
  const update = (i: number, value: number) => {
    backend.setCurrentKey(keyOf(i));
    state.update(value);
  };
  for (let i = 0; i < keys; i++) update(i, i * 1.5);
  return { backend, update };
}

/** A backend with window state: an accumulator per key in each of `windows` open windows. */
export function windowStateBackend(keys: number, windows: number): { backend: HeapKeyedStateBackend; add: (i: number, window: number) => void } {
  const backend = new HeapKeyedStateBackend({ keyGroupRange: KeyGroupRange.all(128), maxParallelism: 128 });
  const state = backend.getNamespacedState(new AggregatingStateDescriptor({ name: 'window-contents', aggregate: inPlaceSum }), numberNamespaces);
  const add = (i: number, window: number) => {
    backend.setCurrentKey(keyOf(i));
    state.setCurrentNamespace((window + 1) * 10_000);
    state.add(i);
  };
  for (let w = 0; w < windows; w++) for (let i = 0; i < keys; i++) add(i, w);
  return { backend, add };
}

/** Median and maximum of some numbers. */
export function stats(values: readonly number[]): { median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, max: sorted[sorted.length - 1]! };
}

/**
 * Garbage-collection time of this process, from `gc` performance entries:
 * `settle()` collects (needs `--expose-gc`) and waits for its entry,
 * `flush()` only waits for pending entries, `total()` is the milliseconds
 * spent in GC so far.
 */
export function collectGc(): { settle: () => Promise<void>; flush: () => Promise<void>; total: () => number } {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) total += entry.duration;
  }).observe({ entryTypes: ['gc'] });
  const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 10));
  const settle = async () => {
    (globalThis as { gc?: () => void }).gc?.();
    await flush();
  };
  return { settle, flush, total: () => total };
}
