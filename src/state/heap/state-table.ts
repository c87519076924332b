import type { StateRow } from '../internal-keyed-state.js';
import type { NamespaceKey } from '../namespace-serializer.js';
import type { StateKind } from '../state-descriptor.js';
import type { CopyOnWriteClock } from './copy-on-write-clock.js';
import { GroupSlots } from './group-slots.js';
import { KeyHashMap, type CapturedEntries } from './key-hash-map.js';
import { noCurrentKeyError, type InternalKey, type KeyContext } from './key-context.js';
import { TableChanges } from './table-changes.js';

/** Per key group: key → value, hashed with the key's MurmurHash3 (see KeyHashMap). */
type KeyMap = KeyHashMap;

type Slots = GroupSlots<KeyMap>;

/**
 * The entries of one named state, split by key group so snapshots can be
 * re-split across another parallelism.
 *
 * Layout:
 * - void namespace (`null`, plain keyed state): an array indexed by
 *   `keyGroup - range.start`, each slot lazily a `Map<key, value>`: one
 *   lookup per access (measured ~2.5x faster than nesting a namespace map
 *   per key).
 * - other namespaces (windows): `Map<namespace, slots>` where slots holds
 *   the `Map<key, value>` of each group ({@link GroupSlots}: one group
 *   without an array, an array from the second). Namespace first, then group: consecutive
 *   elements usually share a window but not a key group, so the namespace's
 *   slots are cached and an access costs one Map lookup for the key.
 *
 * Invariants: a stored value is never `undefined`; empty maps are removed at
 * once, so iteration and snapshots never see dead keys and memory is freed.
 *
 * Checkpoint views: {@link capture} hands out every map's entries
 * copy-on-write (see {@link KeyHashMap.capture}); callers that mutate a
 * stored value in place get it through {@link getMutable} or {@link upsert},
 * which copy a value a view still holds. While views are incremental,
 * removals are logged ({@link TableChanges}).
 */
export class StateTable {
  private readonly plain: Slots;
  private readonly namespaced = new Map<NamespaceKey, Slots>();
  private readonly groupCount: number;
  /** Per group offset, the size a dropped namespace's map had: new maps start that big. */
  private readonly sizeHints: number[];
  // The slots of the last namespace used: most accesses hit the window of the previous one.
  private cachedNamespace: NamespaceKey = null;
  private cachedSlots: Slots | undefined;
  /** The removal log, while checkpoint views are incremental. */
  private changes: TableChanges | undefined;

  constructor(
    readonly name: string,
    readonly kind: StateKind,
    /** How many key groups the owning backend holds. */
    groupCount: number,
    private readonly ctx: KeyContext,
    private readonly clock: CopyOnWriteClock,
  ) {
    this.groupCount = groupCount;
    this.plain = GroupSlots.dense<KeyMap>(groupCount);
    this.sizeHints = new Array<number>(groupCount).fill(0);
  }

  /** The value of the current key in `namespace`, undefined when none. */
  get(namespace: NamespaceKey): unknown {
    const g = this.ctx.group;
    if (g < 0) throw noCurrentKeyError(this.name);
    const keys = (namespace === null ? this.plain : this.slotsOf(namespace))?.at(g);
    return keys === undefined ? undefined : keys.get(this.ctx.key!, this.ctx.hash);
  }

  /**
   * The value of the current key in `namespace`, for a caller that may
   * mutate it in place (or hand it to user code that may): a value a
   * checkpoint view still holds is copied first.
   */
  getMutable(namespace: NamespaceKey): unknown {
    const g = this.ctx.group;
    if (g < 0) throw noCurrentKeyError(this.name);
    const keys = (namespace === null ? this.plain : this.slotsOf(namespace))?.at(g);
    return keys === undefined ? undefined : keys.getOwned(this.ctx.key!, this.ctx.hash);
  }

  /** Stores `value` for the current key in `namespace`; `undefined` removes the entry. */
  set(namespace: NamespaceKey, value: unknown): void {
    const g = this.ctx.group;
    if (g < 0) throw noCurrentKeyError(this.name);
    if (value === undefined) {
      this.remove(namespace);
      return;
    }
    this.keyMap(g, namespace).set(this.ctx.key!, this.ctx.hash, value);
  }

  /** Stores `add(existing, value, timestamp)` for the current key in `namespace` with one lookup; returns `existing`. */
  upsert<V, T>(namespace: NamespaceKey, add: (existing: unknown, value: V, timestamp: T) => unknown, value: V, timestamp: T): unknown {
    const g = this.ctx.group;
    if (g < 0) throw noCurrentKeyError(this.name);
    const keys = this.keyMap(g, namespace);
    const key = this.ctx.key!;
    const hash = this.ctx.hash;
    const existing = keys.getOwned(key, hash);
    let next: unknown;
    try {
      next = add(existing, value, timestamp);
    } catch (error) {
      // keyMap() may have created an empty map for this entry; keep the no-empty-maps invariant.
      if (existing === undefined && keys.size === 0) this.remove(namespace);
      throw error;
    }
    // A value changed in place is already stored, and getOwned() stamped it as changed.
    if (next !== existing) keys.set(key, hash, next);
    return existing;
  }

  /** Removes the entry of the current key in `namespace`; returns what was stored. */
  remove(namespace: NamespaceKey): unknown {
    const g = this.ctx.group;
    if (g < 0) throw noCurrentKeyError(this.name);
    const slots = namespace === null ? this.plain : this.slotsOf(namespace);
    const keys = slots?.at(g);
    if (keys === undefined) return undefined;
    const old = keys.delete(this.ctx.key!, this.ctx.hash);
    if (old === undefined) return undefined;
    this.changes?.keyRemoved(g, this.ctx.key, namespace);
    if (keys.size === 0 && slots!.delete(g) && namespace !== null) this.dropNamespace(namespace);
    return old;
  }

  /** Calls `fn` for every entry of `namespace`, key group by key group. */
  forEachInNamespace(namespace: NamespaceKey, fn: (key: InternalKey, keyHash: number, value: unknown) => void): void {
    const slots = namespace === null ? this.plain : this.namespaced.get(namespace);
    if (slots === undefined) return;
    slots.forEach((keys) => keys.forEach((value, key, hash) => fn(key as InternalKey, hash, value)));
  }

  /** Calls `fn` with every non-void namespace that holds entries (collected first: `fn` may change state). */
  forEachNamespace(fn: (namespace: NamespaceKey) => void): void {
    for (const namespace of [...this.namespaced.keys()]) fn(namespace);
  }

  /** Removes every key's entry in `namespace`. */
  removeNamespace(namespace: NamespaceKey): void {
    if (namespace !== null) {
      this.dropNamespace(namespace);
      return;
    }
    const changes = this.changes;
    if (changes !== undefined) this.plain.forEach((_keys, g) => changes.namespaceDropped(g, null));
    this.plain.clear();
  }

  /**
   * Starts or stops logging removals for incremental views. Stopping (or a
   * log that overflowed) means the next view cannot be a delta.
   */
  trackChanges(on: boolean): void {
    if (!on) this.changes = undefined;
    else this.changes ??= new TableChanges(this.groupCount);
  }

  /** Whether the removal log since the last view is complete (tracking was on and did not overflow). */
  get changesComplete(): boolean {
    return this.changes !== undefined && !this.changes.overflowed;
  }

  /**
   * The synchronous part of a checkpoint view: every map's entries
   * (copy-on-write), per group offset, and the removal log since the
   * previous capture (then a fresh log starts). O(number of maps).
   */
  capture(): CapturedTable {
    const groups = new Array<CapturedGroup | undefined>(this.groupCount).fill(undefined);
    const add = (namespace: NamespaceKey) => (keys: KeyMap, g: number) => {
      let group = groups[g];
      if (group === undefined) groups[g] = group = { namespaces: [], entries: [] };
      group.namespaces.push(namespace);
      group.entries.push(keys.capture());
    };
    this.plain.forEach(add(null));
    for (const [namespace, slots] of this.namespaced) slots.forEach(add(namespace));
    const changes = this.changes;
    const captured: CapturedTable = {
      name: this.name,
      kind: this.kind,
      groups,
      removed: changes?.removed,
      dropped: changes?.dropped,
    };
    changes?.reset();
    return captured;
  }

  /**
   * For restoring: the map of `namespace` in group offset `g`, created with
   * room for `entries` more entries (or grown once to that), so a caller
   * loading many entries stores them with `set` directly. The caller must not
   * leave the map empty (see {@link restoreDrop}). No current key involved;
   * nothing is logged for incremental views (a restore is followed by a full one).
   */
  restoreMap(g: number, namespace: NamespaceKey, entries: number): KeyHashMap {
    let slots = namespace === null ? this.plain : this.namespaced.get(namespace);
    if (slots === undefined) this.namespaced.set(namespace, (slots = new GroupSlots<KeyMap>(this.groupCount)));
    let keys = slots.at(g);
    if (keys === undefined) slots.put(g, (keys = KeyHashMap.withRoomFor(entries, this.clock)));
    else keys.reserve(keys.size + entries);
    return keys;
  }

  /** For restoring a delta: removes the entry of `key` (internal form, with its hash) in `namespace` and group offset `g`. */
  restoreRemove(g: number, namespace: NamespaceKey, key: InternalKey, hash: number): void {
    const keys = (namespace === null ? this.plain : this.namespaced.get(namespace))?.at(g);
    if (keys === undefined || keys.delete(key, hash) === undefined) return;
    if (keys.size === 0) this.restoreDrop(g, namespace);
  }

  /** For restoring a delta: drops every entry of `namespace` in group offset `g`. */
  restoreDrop(g: number, namespace: NamespaceKey): void {
    const slots = namespace === null ? this.plain : this.namespaced.get(namespace);
    if (slots === undefined || !slots.delete(g) || namespace === null) return;
    this.namespaced.delete(namespace);
    if (namespace === this.cachedNamespace) this.cachedSlots = undefined;
  }

  /** Adds a restored entry to group offset `g` (no current key involved). */
  load(g: number, key: InternalKey, hash: number, namespace: NamespaceKey, value: unknown): void {
    if (value === undefined) return;
    this.keyMap(g, namespace).set(key, hash, value);
  }

  /** The rows of group offset `g`, each value passed through `copyValue`. */
  rowsOf(g: number, copyValue: (value: unknown) => unknown): StateRow[] {
    const rows: StateRow[] = [];
    const plain = this.plain.at(g);
    plain?.forEach((value, key) => rows.push([key, null, copyValue(value)]));
    for (const [namespace, slots] of this.namespaced) {
      slots.at(g)?.forEach((value, key) => rows.push([key, namespace, copyValue(value)]));
    }
    return rows;
  }

  /** The distinct keys of group offset `g` with any entry, in any namespace. */
  keysOf(g: number): InternalKey[] {
    const plain = this.plain.at(g);
    if (this.namespaced.size === 0) return plain === undefined ? [] : (plain.keyList() as InternalKey[]);
    const keys = new Set<InternalKey>(plain?.keyList() as InternalKey[] | undefined);
    for (const slots of this.namespaced.values()) {
      const inner = slots.at(g);
      if (inner !== undefined) for (const key of inner.keyList()) keys.add(key as InternalKey);
    }
    return [...keys];
  }

  /** Adds every array key of this table to `into` (for pruning the interner). */
  collectArrayKeys(into: Set<unknown>): void {
    for (let g = 0; g < this.groupCount; g++) {
      for (const key of this.keysOf(g)) if (Array.isArray(key)) into.add(key);
    }
  }

  /** Drops every entry. */
  clearAll(): void {
    this.plain.clear();
    this.namespaced.clear();
    this.cachedSlots = undefined;
  }

  private slotsOf(namespace: NamespaceKey): Slots | undefined {
    if (namespace === this.cachedNamespace && this.cachedSlots !== undefined) return this.cachedSlots;
    const slots = this.namespaced.get(namespace);
    if (slots !== undefined) {
      this.cachedNamespace = namespace;
      this.cachedSlots = slots;
    }
    return slots;
  }

  private dropNamespace(namespace: NamespaceKey): void {
    const changes = this.changes;
    // Remember how big this namespace's maps grew: the next window of this state will likely be as big.
    this.namespaced.get(namespace)?.forEach((keys, g) => {
      this.sizeHints[g] = keys.size;
      changes?.namespaceDropped(g, namespace);
    });
    this.namespaced.delete(namespace);
    if (namespace === this.cachedNamespace) this.cachedSlots = undefined;
  }

  private keyMap(g: number, namespace: NamespaceKey): KeyMap {
    let slots: Slots | undefined;
    if (namespace === null) {
      slots = this.plain;
    } else {
      slots = this.slotsOf(namespace);
      if (slots === undefined) {
        slots = new GroupSlots<KeyMap>(this.groupCount);
        this.namespaced.set(namespace, slots);
      }
    }
    let keys = slots.at(g);
    if (keys === undefined) slots.put(g, (keys = KeyHashMap.withRoomFor(namespace === null ? 0 : this.sizeHints[g]!, this.clock)));
    return keys;
  }
}

/** One table as a checkpoint view captured it (see {@link StateTable.capture}). */
export interface CapturedTable {
  readonly name: string;
  readonly kind: StateKind;
  /** Per group offset: the maps holding entries, or undefined. */
  readonly groups: readonly (CapturedGroup | undefined)[];
  /** Per group offset, removals since the previous capture (flat key, namespace pairs); undefined when not logged. */
  readonly removed: readonly (readonly unknown[] | undefined)[] | undefined;
  /** Per group offset, namespaces dropped since the previous capture; undefined when not logged. */
  readonly dropped: readonly (readonly NamespaceKey[] | undefined)[] | undefined;
}

/** The maps of one table in one key group: `entries[i]` holds namespace `namespaces[i]`. */
export interface CapturedGroup {
  readonly namespaces: NamespaceKey[];
  readonly entries: CapturedEntries[];
}
