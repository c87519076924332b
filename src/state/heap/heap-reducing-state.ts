import type { ReducingState } from '../keyed-state.js';
import type { NamespaceSerializer } from '../namespace-serializer.js';
import { HeapStateBase } from './heap-state-base.js';
import type { StateTable } from './state-table.js';

/** {@link ReducingState} on the heap: `add` folds into the stored value with `reduce`. */
export class HeapReducingState<T, N> extends HeapStateBase<N> implements ReducingState<T> {
  constructor(
    table: StateTable,
    namespaces: NamespaceSerializer<N>,
    private readonly reduce: (a: T, b: T) => T,
  ) {
    super(table, namespaces);
  }

  get(): T | undefined {
    return this.table.getMutable(this.namespace) as T | undefined;
  }

  add(value: T): void {
    // reduce() may mutate `current` in place.
    const current = this.table.getMutable(this.namespace) as T | undefined;
    this.table.set(this.namespace, current === undefined ? value : this.reduce(current, value));
  }

  protected override mergeValues(a: unknown, b: unknown): unknown {
    return this.reduce(a as T, b as T);
  }
}
