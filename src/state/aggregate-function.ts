/**
 * Incremental aggregation: values are added one at a time to an accumulator;
 * `merge` combines two accumulators (merging windows, pre-aggregated panes).
 *
 * Contract: `add` and `merge` may return their (mutated) first accumulator
 * argument or a new one; weir stores whatever they return.
 *
 * @example
 * ```ts
 * const average: AggregateFunction<number, { sum: number; n: number }, number> = {
 *   createAccumulator: () => ({ sum: 0, n: 0 }),
 *   add: (v, acc) => ({ sum: acc.sum + v, n: acc.n + 1 }),
 *   getResult: (acc) => acc.sum / acc.n,
 *   merge: (a, b) => ({ sum: a.sum + b.sum, n: a.n + b.n }),
 * };
 * ```
 */
export interface AggregateFunction<IN, ACC, OUT> {
  createAccumulator(): ACC;
  add(value: IN, accumulator: ACC): ACC;
  getResult(accumulator: ACC): OUT;
  merge(a: ACC, b: ACC): ACC;
}
