import type { AggregateFunction } from '../../src/state/aggregate-function.js';
import type { NamespaceSerializer } from '../../src/state/namespace-serializer.js';

/** Numbers as namespaces, as the window operator stores windows (by their end). */
export const numberNamespaces: NamespaceSerializer<number> = { toKey: (n) => n, fromKey: (key) => key as number };

/**
 * A sum-and-count accumulator mutated in place, as many user aggregates do:
 * a snapshot or view that shared it would see later changes.
 */
export const inPlaceSum: AggregateFunction<number, { sum: number; count: number }, number> = {
  createAccumulator: () => ({ sum: 0, count: 0 }),
  add: (value, acc) => {
    acc.sum += value;
    acc.count++;
    return acc;
  },
  getResult: (acc) => acc.sum,
  merge: (a, b) => {
    a.sum += b.sum;
    a.count += b.count;
    return a;
  },
};
