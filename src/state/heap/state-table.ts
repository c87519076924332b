import type { StateRow } from '../internal-keyed-state.js';
import type { NamespaceKey } from '../namespace-serializer.js';
import type { StateKind } from '../state-descriptor.js';
import { noCurrentKeyError, type InternalKey, type KeyContext } from './key-context.js';

/** Per key group: key → value. */
type KeyMap = Map<InternalKey, unknown>;

/**
 * The entries of one named state, split by key group so snapshots can be
 * re-split across another parallelism.
 *
 * Layout: an array indexed by `keyGroup - range.start`; each slot lazily holds
 * - for the void namespace (`null`, plain keyed state): `Map<key, value>`.
 *   One lookup per access; measured ~2.5x faster than always nesting
 *   `Map<key, Map<namespace, value>>` (about 50 vs 19 M get+set/s, 10 k keys).
 * - for other namespaces (windows): `Map<namespace, Map<key, value>>`.
 *   Namespace first measured as fast as key first for a tumbling-window sum,
 *   and keeps one inner map per window instead of one per key.
 *
 * Invariants: a stored value is never `undefined`; empty maps are removed at
 * once, so iteration and snapshots never see dead keys and memory is freed.
 */
export class StateTable {
  private readonly plain: (KeyMap | undefined)[];
  private readonly namespaced: (Map<NamespaceKey, KeyMap> | undefined)[];

  constructor(
    readonly name: string,
    readonly kind: StateKind,
    /** How many key groups the owning backend holds. */
    groupCount: number,
    private readonly ctx: KeyContext,
    /** The first key group of the owning backend's range (group offset 0). */
    private readonly firstKeyGroup = 0,
  ) {
    this.plain = new Array<KeyMap | undefined>(groupCount).fill(undefined);
    this.namespaced = new Array<Map<NamespaceKey, KeyMap> | undefined>(groupCount).fill(undefined);
  }

  // The key map of the last (group, namespace) looked up: a read followed by
  // a write of the same entry (the common case) resolves the namespace once.
  private cachedGroup = -1;
  private cachedNamespace: NamespaceKey = null;
  private cachedKeys: KeyMap | undefined;

  /** The value of the current key in `namespace`, undefined when none. */
  get(namespace: NamespaceKey): unknown {
    const g = this.ctx.group;
    if (g < 0) throw noCurrentKeyError(this.name);
    let keys: KeyMap | undefined;
    if (g === this.cachedGroup && namespace === this.cachedNamespace) {
      keys = this.cachedKeys;
    } else {
      keys = namespace === null ? this.plain[g] : this.namespaced[g]?.get(namespace);
      if (keys !== undefined) {
        this.cachedGroup = g;
        this.cachedNamespace = namespace;
        this.cachedKeys = keys;
      }
    }
    return keys === undefined ? undefined : keys.get(this.ctx.key!);
  }

  /** Forgets the cached key map; called whenever a key map is removed or replaced. */
  private invalidate(): void {
    this.cachedGroup = -1;
    this.cachedKeys = undefined;
  }

  /** Stores `value` for the current key in `namespace`; `undefined` removes the entry. */
  set(namespace: NamespaceKey, value: unknown): void {
    const g = this.ctx.group;
    if (g < 0) throw noCurrentKeyError(this.name);
    if (value === undefined) {
      this.remove(namespace);
      return;
    }
    const keys = g === this.cachedGroup && namespace === this.cachedNamespace ? this.cachedKeys! : this.keyMap(g, namespace);
    keys.set(this.ctx.key!, value);
  }

  /** Removes the entry of the current key in `namespace`; returns what was stored. */
  remove(namespace: NamespaceKey): unknown {
    const g = this.ctx.group;
    if (g < 0) throw noCurrentKeyError(this.name);
    const key = this.ctx.key!;
    if (namespace === null) {
      const keys = this.plain[g];
      if (keys === undefined) return undefined;
      const old = keys.get(key);
      if (keys.delete(key) && keys.size === 0) {
        this.plain[g] = undefined;
        this.invalidate();
      }
      return old;
    }
    const byNamespace = this.namespaced[g];
    const keys = byNamespace?.get(namespace);
    if (keys === undefined) return undefined;
    const old = keys.get(key);
    if (keys.delete(key) && keys.size === 0) {
      this.invalidate();
      byNamespace!.delete(namespace);
      if (byNamespace!.size === 0) this.namespaced[g] = undefined;
    }
    return old;
  }

  /** Calls `fn` for every entry of `namespace`, key group by key group. */
  forEachInNamespace(namespace: NamespaceKey, fn: (key: InternalKey, keyGroup: number, value: unknown) => void): void {
    const groups = namespace === null ? undefined : this.namespaced;
    for (let g = 0; g < this.plain.length; g++) {
      const keys = groups === undefined ? this.plain[g] : groups[g]?.get(namespace);
      if (keys !== undefined) for (const [key, value] of keys) fn(key, this.firstKeyGroup + g, value);
    }
  }

  /** Removes every key's entry in `namespace`. */
  removeNamespace(namespace: NamespaceKey): void {
    this.invalidate();
    if (namespace === null) {
      this.plain.fill(undefined);
      return;
    }
    for (let g = 0; g < this.namespaced.length; g++) {
      const byNamespace = this.namespaced[g];
      if (byNamespace !== undefined && byNamespace.delete(namespace) && byNamespace.size === 0) this.namespaced[g] = undefined;
    }
  }

  /** Adds a restored entry to group offset `g` (no current key involved). */
  load(g: number, key: InternalKey, namespace: NamespaceKey, value: unknown): void {
    if (value === undefined) return;
    this.keyMap(g, namespace).set(key, value);
  }

  /** The rows of group offset `g`, each value passed through `copyValue`. */
  rowsOf(g: number, copyValue: (value: unknown) => unknown): StateRow[] {
    const rows: StateRow[] = [];
    const plain = this.plain[g];
    if (plain !== undefined) for (const [key, value] of plain) rows.push([key, null, copyValue(value)]);
    const byNamespace = this.namespaced[g];
    if (byNamespace !== undefined) {
      for (const [namespace, keys] of byNamespace) {
        for (const [key, value] of keys) rows.push([key, namespace, copyValue(value)]);
      }
    }
    return rows;
  }

  /** The distinct keys of group offset `g` with any entry, in any namespace. */
  keysOf(g: number): InternalKey[] {
    const plain = this.plain[g];
    const byNamespace = this.namespaced[g];
    if (byNamespace === undefined) return plain === undefined ? [] : [...plain.keys()];
    const keys = new Set<InternalKey>(plain?.keys());
    for (const inner of byNamespace.values()) for (const key of inner.keys()) keys.add(key);
    return [...keys];
  }

  /** Adds every array key of this table to `into` (for pruning the interner). */
  collectArrayKeys(into: Set<unknown>): void {
    for (let g = 0; g < this.plain.length; g++) {
      for (const key of this.keysOf(g)) if (Array.isArray(key)) into.add(key);
    }
  }

  /** Drops every entry. */
  clearAll(): void {
    this.invalidate();
    this.plain.fill(undefined);
    this.namespaced.fill(undefined);
  }

  private keyMap(g: number, namespace: NamespaceKey): KeyMap {
    if (namespace === null) {
      let keys = this.plain[g];
      if (keys === undefined) this.plain[g] = keys = new Map();
      return keys;
    }
    let byNamespace = this.namespaced[g];
    if (byNamespace === undefined) this.namespaced[g] = byNamespace = new Map();
    let keys = byNamespace.get(namespace);
    if (keys === undefined) byNamespace.set(namespace, (keys = new Map()));
    return keys;
  }
}
