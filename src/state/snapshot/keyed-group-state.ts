import { encodeValue } from '../codec/encode-value.js';
import type { StateRow } from '../internal-keyed-state.js';
import type { NamespaceKey } from '../namespace-serializer.js';

/** Entries of one namespace, by key: primitives by value, tuples by their encoding. */
class NamespaceEntries {
  private readonly primitives = new Map<unknown, readonly [unknown, unknown]>();
  private tuples: Map<string, readonly [unknown, unknown]> | undefined;

  put(key: unknown, value: unknown): void {
    if (Array.isArray(key)) (this.tuples ??= new Map()).set(tupleId(key), [key, value]);
    else this.primitives.set(key === 0 ? 0 : key, [key, value]);
  }

  remove(key: unknown): void {
    if (Array.isArray(key)) this.tuples?.delete(tupleId(key));
    else this.primitives.delete(key === 0 ? 0 : key);
  }

  forEach(fn: (key: unknown, value: unknown) => void): void {
    for (const [key, value] of this.primitives.values()) fn(key, value);
    if (this.tuples !== undefined) for (const [key, value] of this.tuples.values()) fn(key, value);
  }
}

/**
 * The state of one key group while a full view and its deltas are applied
 * in order (see {@link decodeKeyedCheckpoint}): entries by state, namespace
 * and key, and the group's section rows.
 */
export class KeyedGroupState {
  private readonly tables = new Map<string, Map<NamespaceKey, NamespaceEntries>>();
  sections: { name: string; rows: readonly unknown[] }[] = [];

  put(state: string, namespace: NamespaceKey, key: unknown, value: unknown): void {
    let namespaces = this.tables.get(state);
    if (namespaces === undefined) this.tables.set(state, (namespaces = new Map()));
    let entries = namespaces.get(namespace);
    if (entries === undefined) namespaces.set(namespace, (entries = new NamespaceEntries()));
    entries.put(key, value);
  }

  remove(state: string, namespace: NamespaceKey, key: unknown): void {
    this.tables.get(state)?.get(namespace)?.remove(key);
  }

  dropNamespace(state: string, namespace: NamespaceKey): void {
    this.tables.get(state)?.delete(namespace);
  }

  /** Rows per state, only states with rows. */
  rows(): { name: string; rows: StateRow[] }[] {
    const out: { name: string; rows: StateRow[] }[] = [];
    for (const [name, namespaces] of this.tables) {
      const rows: StateRow[] = [];
      for (const [namespace, entries] of namespaces) entries.forEach((key, value) => rows.push([key, namespace, value]));
      if (rows.length > 0) out.push({ name, rows });
    }
    return out;
  }
}

/** A tuple key's identity: its codec bytes as a string (equal tuples, equal strings). */
function tupleId(key: readonly unknown[]): string {
  const bytes = encodeValue(key);
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096) out += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096) as unknown as number[]);
  return out;
}
