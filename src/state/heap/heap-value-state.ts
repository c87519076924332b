import type { ValueState } from '../keyed-state.js';
import type { NamespaceSerializer } from '../namespace-serializer.js';
import { HeapStateBase } from './heap-state-base.js';
import type { StateTable } from './state-table.js';

/** {@link ValueState} on the heap: the value is stored by reference. */
export class HeapValueState<T, N> extends HeapStateBase<N> implements ValueState<T> {
  constructor(
    table: StateTable,
    namespaces: NamespaceSerializer<N>,
    private readonly defaultValue: T | undefined,
  ) {
    super(table, namespaces);
  }

  value(): T | undefined {
    // Callers may mutate an object value in place (it is stored by reference).
    const stored = this.table.getMutable(this.namespace);
    return stored === undefined ? this.defaultValue : (stored as T);
  }

  update(value: T | undefined): void {
    this.table.set(this.namespace, value);
  }
}
