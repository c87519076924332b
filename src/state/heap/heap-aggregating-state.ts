import type { AggregateFunction } from '../aggregate-function.js';
import type { AggregatingState } from '../keyed-state.js';
import type { NamespaceSerializer } from '../namespace-serializer.js';
import { HeapStateBase } from './heap-state-base.js';
import type { StateTable } from './state-table.js';

/** {@link AggregatingState} on the heap: stores the accumulator, created on the first `add`. */
export class HeapAggregatingState<IN, ACC, OUT, N> extends HeapStateBase<N> implements AggregatingState<IN, OUT> {
  constructor(
    table: StateTable,
    namespaces: NamespaceSerializer<N>,
    private readonly aggregate: AggregateFunction<IN, ACC, OUT>,
  ) {
    super(table, namespaces);
  }

  get(): OUT | undefined {
    const accumulator = this.table.getMutable(this.namespace) as ACC | undefined;
    return accumulator === undefined ? undefined : this.aggregate.getResult(accumulator);
  }

  add(value: IN): void {
    // add() may mutate the accumulator in place.
    const stored = this.table.getMutable(this.namespace) as ACC | undefined;
    const accumulator = stored === undefined ? this.aggregate.createAccumulator() : stored;
    this.table.set(this.namespace, this.aggregate.add(value, accumulator));
  }

  protected override mergeValues(a: unknown, b: unknown): unknown {
    return this.aggregate.merge(a as ACC, b as ACC);
  }
}
