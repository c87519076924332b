import type { ListState } from '../keyed-state.js';
import { HeapStateBase } from './heap-state-base.js';

/** {@link ListState} on the heap: one array per key and namespace, never stored empty. */
export class HeapListState<T, N> extends HeapStateBase<N> implements ListState<T> {
  get(): readonly T[] {
    const list = this.table.get(this.namespace) as T[] | undefined;
    return list ?? [];
  }

  add(value: T): void {
    const list = this.table.getMutable(this.namespace) as T[] | undefined;
    if (list === undefined) this.table.set(this.namespace, [value]);
    else list.push(value);
  }

  addAll(values: Iterable<T>): void {
    const list = this.table.getMutable(this.namespace) as T[] | undefined;
    if (list !== undefined) {
      for (const value of values) list.push(value);
      return;
    }
    const fresh = Array.from(values);
    if (fresh.length > 0) this.table.set(this.namespace, fresh);
  }

  update(values: Iterable<T>): void {
    const fresh = Array.from(values);
    this.table.set(this.namespace, fresh.length > 0 ? fresh : undefined);
  }

  protected override mergeValues(a: unknown, b: unknown): unknown {
    const target = a as T[];
    for (const value of b as T[]) target.push(value);
    return target;
  }

  protected override isEmptyValue(value: unknown): boolean {
    return value === undefined || (Array.isArray(value) && value.length === 0);
  }
}
