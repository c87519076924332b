/**
 * Turns a state namespace (for window state: the window) into a primitive
 * map key and back. Keyed state is stored per (key, namespace); plain keyed
 * state uses {@link VOID_NAMESPACE}.
 *
 * Contract: `toKey` is pure and equal namespaces give equal keys;
 * `fromKey(toKey(ns))` equals `ns`. Keys must survive structured cloning.
 */
export interface NamespaceSerializer<N> {
  toKey(namespace: N): NamespaceKey;
  fromKey(key: NamespaceKey): N;
}

/** A namespace as stored: a primitive so that Map lookups compare by value. */
export type NamespaceKey = string | number | null;

/** The namespace of state that is not scoped to a window. */
export const VOID_NAMESPACE: NamespaceSerializer<null> = {
  toKey: () => null,
  fromKey: () => null,
};
