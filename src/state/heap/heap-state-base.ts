import { ErrorCodes } from '../../errors/error-codes.js';
import { StateError } from '../../errors/state-error.js';
import type { InternalKeyedState } from '../internal-keyed-state.js';
import type { Key } from '../key-encoding.js';
import type { NamespaceKey, NamespaceSerializer } from '../namespace-serializer.js';
import type { StateTable } from './state-table.js';

/**
 * Shared plumbing of the heap state handles: the current namespace, raw
 * access and namespace merging. Each primitive adds its user-facing methods
 * and, when it can merge, {@link mergeValues}.
 */
export abstract class HeapStateBase<N> implements InternalKeyedState<N> {
  /** Namespace key of every access; `null` (void) until set. */
  protected namespace: NamespaceKey = null;

  constructor(
    protected readonly table: StateTable,
    private readonly namespaces: NamespaceSerializer<N>,
  ) {}

  get name(): string {
    return this.table.name;
  }

  setCurrentNamespace(namespace: N): void {
    this.namespace = this.namespaces.toKey(namespace);
  }

  getInternal(): unknown {
    // Callers (window evaluation, evictors) may mutate what they get.
    return this.table.getMutable(this.namespace);
  }

  addInternal<V, T>(add: (existing: unknown, value: V, timestamp: T) => unknown, value: V, timestamp: T): unknown {
    return this.table.upsert(this.namespace, add, value, timestamp);
  }

  updateInternal(value: unknown): void {
    this.table.set(this.namespace, this.isEmptyValue(value) ? undefined : value);
  }

  clear(): void {
    this.table.remove(this.namespace);
  }

  forEachInNamespace(namespace: N, fn: (key: Key, keyHash: number, value: unknown) => void): void {
    this.table.forEachInNamespace(this.namespaces.toKey(namespace), fn);
  }

  clearNamespace(namespace: N): void {
    this.table.removeNamespace(this.namespaces.toKey(namespace));
  }

  mergeNamespaces(target: N, sources: readonly N[]): void {
    if (this.mergeValues === undefined) {
      throw new StateError(
        ErrorCodes.INVALID_ARGUMENT,
        `State '${this.name}' is ${this.table.kind} state, which cannot merge namespaces. ` +
          'Merging windows (session windows) need list, reducing or aggregating state.',
      );
    }
    const targetKey = this.namespaces.toKey(target);
    let merged: unknown;
    for (const source of sources) {
      const sourceKey = this.namespaces.toKey(source);
      if (sourceKey === targetKey) continue;
      // Owned before removal: merging mutates it, and a checkpoint view may still hold it.
      const value = this.table.getMutable(sourceKey);
      if (value === undefined) continue;
      this.table.remove(sourceKey);
      merged = merged === undefined ? value : this.mergeValues(merged, value);
    }
    if (merged === undefined) return;
    const current = this.table.getMutable(targetKey);
    this.table.set(targetKey, current === undefined ? merged : this.mergeValues(current, merged));
  }

  /** Combines two stored values (`a` first); absent for state that cannot merge. */
  protected mergeValues?(a: unknown, b: unknown): unknown;

  /** Whether a raw value means "no entry" (an empty list or map). */
  protected isEmptyValue(value: unknown): boolean {
    return value === undefined;
  }
}
