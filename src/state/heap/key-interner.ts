import type { Key } from '../key-encoding.js';
import { keyGroupOfHash, type KeyGroup, type KeyGroupAssigner } from '../key-group.js';

/** An interned tuple key and its key group. */
export interface InternedKey {
  readonly key: readonly Key[];
  readonly group: KeyGroup;
  /** Its 32-bit hash (the group is `hash % maxParallelism`). */
  readonly hash: number;
}

/** Below this many tuples the interner never prunes. */
const MIN_PRUNE_SIZE = 1024;
/** Deeper nesting is left to the encoder, which rejects it. */
const MAX_DEPTH = 32;

/** A trie level: tuple element → next level (or, after the last element, the entry). */
type TrieNode = Map<unknown, unknown>;

/**
 * Makes tuple keys compare by value: equal tuples become one deeply frozen
 * array instance, which heap state then uses as a `Map` key; the key group is
 * computed once per distinct tuple and cached.
 *
 * Lookup walks a trie of Maps, one level per element (first level: the
 * length), because JS Maps already compare strings, numbers (with -0 as 0),
 * bigints and booleans by value and keep their types apart. That measured
 * ~4x faster than hashing a canonical byte string per element. Nested tuples
 * are interned first and stand in the trie by identity. Anything that misses
 * goes through {@link KeyGroupAssigner.assign}, which validates it.
 *
 * Tuples no state holds any more are dropped by {@link prune}, run when the
 * interner has doubled since the last prune, so a stream of short-lived tuple
 * keys does not grow memory without bound.
 */
export class KeyInterner {
  private root: TrieNode = new Map();
  private entries = new Set<InternedKey>();
  private pruneAt = MIN_PRUNE_SIZE;

  /**
   * @param assigner computes the group of a new tuple (and validates it).
   * @param collectLiveKeys adds every tuple key still stored in state to the given set.
   */
  constructor(
    private readonly assigner: KeyGroupAssigner,
    private readonly collectLiveKeys: (into: Set<unknown>) => void,
  ) {}

  /** The interned instance equal to `key`. Throws InvalidKeyError naming `where`. */
  intern(key: readonly unknown[], where: string): InternedKey {
    const found = this.find(key, 0);
    if (found !== undefined) return found;
    const hash = this.assigner.hash(key, where);
    const group = keyGroupOfHash(hash, this.assigner.maxParallelism);
    if (this.entries.size >= this.pruneAt) this.prune();
    const frozen = Object.freeze(
      key.map((item): unknown => (Array.isArray(item) ? this.intern(item, where).key : item === 0 ? 0 : item)),
    ) as readonly Key[];
    const entry: InternedKey = { key: frozen, group, hash };
    this.insert(entry);
    return entry;
  }

  /** How many tuples (nested ones included) are interned. */
  get size(): number {
    return this.entries.size;
  }

  /** Drops every tuple that no state holds. */
  prune(): void {
    const live = new Set<unknown>();
    this.collectLiveKeys(live);
    for (const key of live) addNested(key, live);
    const previous = this.entries;
    this.root = new Map();
    this.entries = new Set();
    for (const entry of previous) if (live.has(entry.key)) this.insert(entry);
    this.pruneAt = Math.max(MIN_PRUNE_SIZE, this.entries.size * 2);
  }

  clear(): void {
    this.root = new Map();
    this.entries = new Set();
    this.pruneAt = MIN_PRUNE_SIZE;
  }

  private find(key: readonly unknown[], depth: number): InternedKey | undefined {
    let node: unknown = this.root.get(key.length);
    for (let i = 0; i < key.length && node !== undefined; i++) {
      let item = key[i];
      if (Array.isArray(item)) {
        if (depth + 1 >= MAX_DEPTH) return undefined;
        item = this.find(item, depth + 1)?.key;
        if (item === undefined) return undefined;
      }
      node = (node as TrieNode).get(item);
    }
    return node as InternedKey | undefined;
  }

  private insert(entry: InternedKey): void {
    const key = entry.key;
    this.entries.add(entry);
    if (key.length === 0) {
      this.root.set(0, entry);
      return;
    }
    let node = this.root.get(key.length) as TrieNode | undefined;
    if (node === undefined) this.root.set(key.length, (node = new Map()));
    for (let i = 0; i < key.length - 1; i++) {
      let next = node.get(key[i]) as TrieNode | undefined;
      if (next === undefined) node.set(key[i], (next = new Map()));
      node = next;
    }
    node.set(key[key.length - 1], entry);
  }
}

/** Adds the nested tuples of `key` to `live`: they stand in the trie for their parents. */
function addNested(key: unknown, live: Set<unknown>): void {
  if (!Array.isArray(key)) return;
  for (const item of key) {
    if (Array.isArray(item) && !live.has(item)) {
      live.add(item);
      addNested(item, live);
    }
  }
}
