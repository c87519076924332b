import type { MapState } from '../keyed-state.js';
import { HeapStateBase } from './heap-state-base.js';

/** Iterated when a key has no map; never written to. */
const EMPTY = new Map<never, never>();

/** {@link MapState} on the heap: one JS `Map` per key and namespace, never stored empty. */
export class HeapMapState<UK, UV, N> extends HeapStateBase<N> implements MapState<UK, UV> {
  get(key: UK): UV | undefined {
    return this.ownedMap()?.get(key);
  }

  put(key: UK, value: UV): void {
    const map = this.ownedMap();
    if (map === undefined) {
      // Not `new Map([[key, value]])`: the iterable constructor costs more than the rest of put().
      const created = new Map<UK, UV>();
      created.set(key, value);
      this.table.set(this.namespace, created);
    } else {
      map.set(key, value);
    }
  }

  putAll(entries: Iterable<readonly [UK, UV]>): void {
    let map = this.ownedMap();
    for (const [key, value] of entries) {
      if (map === undefined) this.table.set(this.namespace, (map = new Map()));
      map.set(key, value);
    }
  }

  remove(key: UK): void {
    const map = this.ownedMap();
    if (map !== undefined && map.delete(key) && map.size === 0) this.table.remove(this.namespace);
  }

  contains(key: UK): boolean {
    return this.map()?.has(key) ?? false;
  }

  entries(): IterableIterator<[UK, UV]> {
    return (this.ownedMap() ?? (EMPTY as Map<UK, UV>)).entries();
  }

  keys(): IterableIterator<UK> {
    return (this.map() ?? (EMPTY as Map<UK, UV>)).keys();
  }

  values(): IterableIterator<UV> {
    return (this.ownedMap() ?? (EMPTY as Map<UK, UV>)).values();
  }

  isEmpty(): boolean {
    return this.map() === undefined;
  }

  protected override isEmptyValue(value: unknown): boolean {
    return value === undefined || (value instanceof Map && value.size === 0);
  }

  /** For reads that hand out neither the map nor its values. */
  private map(): Map<UK, UV> | undefined {
    return this.table.get(this.namespace) as Map<UK, UV> | undefined;
  }

  /** For writes, and reads that hand out values the caller may mutate: copied first if a checkpoint view holds it. */
  private ownedMap(): Map<UK, UV> | undefined {
    return this.table.getMutable(this.namespace) as Map<UK, UV> | undefined;
  }
}
