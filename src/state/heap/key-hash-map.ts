/** Marks a free slot (never a valid key). */
const FREE: unknown = Symbol('free');
/** Fibonacci hashing constant: spreads hashes whose low bits are alike (they chose the key group). */
const SPREAD = 0x9e3779b1;

/**
 * A hash map from internal keys to values that takes each key's hash from
 * the caller. weir hashes every key once per element (MurmurHash3, which
 * also picks its key group) and reuses that hash here, instead of a JS `Map`
 * hashing the key string again. Keys compare with `===` (internal keys are
 * primitives or interned arrays), after their hashes. Open addressing with
 * linear probing and backward-shift deletion (no tombstones). Slots come
 * from the hash's high bits after a Fibonacci multiply, because the low bits
 * are alike within one key group.
 *
 * The slot found by the last lookup is remembered, so a read followed by a
 * write of the same key (read-modify-write) probes once. Iteration is in slot
 * order, not insertion order.
 */
export class KeyHashMap {
  private keys: unknown[];
  private values: unknown[];
  private hashes: Int32Array;
  private mask: number;
  private shift: number;
  private count = 0;
  private lastSlot = -1;

  constructor(capacity = 8) {
    this.keys = new Array<unknown>(capacity).fill(FREE);
    this.values = new Array<unknown>(capacity).fill(undefined);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
  }

  /** A map that holds `entries` without growing. */
  static withRoomFor(entries: number): KeyHashMap {
    let capacity = 8;
    while (capacity * 3 < entries * 4 + 4) capacity *= 2;
    return new KeyHashMap(capacity);
  }

  get size(): number {
    return this.count;
  }

  get(key: unknown, hash: number): unknown {
    const keys = this.keys;
    const hashes = this.hashes;
    const mask = this.mask;
    hash |= 0;
    for (let i = Math.imul(hash, SPREAD) >>> this.shift; ; i = (i + 1) & mask) {
      const k = keys[i];
      // Hashes first: comparing unequal strings of equal length costs more.
      if (hashes[i] === hash && k === key) {
        this.lastSlot = i;
        return this.values[i];
      }
      if (k === FREE) return undefined;
    }
  }

  set(key: unknown, hash: number, value: unknown): void {
    const last = this.lastSlot;
    if (last >= 0 && this.keys[last] === key) {
      this.values[last] = value;
      return;
    }
    const keys = this.keys;
    const hashes = this.hashes;
    const mask = this.mask;
    hash |= 0;
    let i = Math.imul(hash, SPREAD) >>> this.shift;
    for (; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (hashes[i] === hash && k === key) {
        this.values[i] = value;
        this.lastSlot = i;
        return;
      }
      if (k === FREE) break;
    }
    keys[i] = key;
    this.values[i] = value;
    hashes[i] = hash;
    this.lastSlot = i;
    if (++this.count * 4 > (mask + 1) * 3) this.grow();
  }

  /** Removes `key`; returns its value (undefined when absent). */
  delete(key: unknown, hash: number): unknown {
    const keys = this.keys;
    const hashes = this.hashes;
    const mask = this.mask;
    hash |= 0;
    let i = Math.imul(hash, SPREAD) >>> this.shift;
    for (; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (hashes[i] === hash && k === key) break;
      if (k === FREE) return undefined;
    }
    const old = this.values[i];
    this.count--;
    this.lastSlot = -1;
    // Backward shift: pull later entries of the probe run into the hole when their home allows.
    for (let j = (i + 1) & mask; keys[j] !== FREE; j = (j + 1) & mask) {
      const home = Math.imul(hashes[j]!, SPREAD) >>> this.shift;
      const movable = i <= j ? home <= i || home > j : home <= i && home > j;
      if (movable) {
        keys[i] = keys[j];
        this.values[i] = this.values[j];
        hashes[i] = hashes[j]!;
        i = j;
      }
    }
    keys[i] = FREE;
    this.values[i] = undefined;
    return old;
  }

  /** Calls `fn` with every entry and its (unsigned) hash. `fn` must not change this map. */
  forEach(fn: (value: unknown, key: unknown, hash: number) => void): void {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k !== FREE) fn(this.values[i], k, this.hashes[i]! >>> 0);
    }
  }

  /** Every key, in slot order. */
  keyList(): unknown[] {
    const out: unknown[] = [];
    for (const k of this.keys) if (k !== FREE) out.push(k);
    return out;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const oldHashes = this.hashes;
    const capacity = oldKeys.length * 2;
    this.keys = new Array<unknown>(capacity).fill(FREE);
    this.values = new Array<unknown>(capacity).fill(undefined);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift--;
    this.lastSlot = -1;
    for (let j = 0; j < oldKeys.length; j++) {
      const k = oldKeys[j];
      if (k === FREE) continue;
      const h = oldHashes[j]!;
      let i = Math.imul(h, SPREAD) >>> this.shift;
      while (this.keys[i] !== FREE) i = (i + 1) & this.mask;
      this.keys[i] = k;
      this.values[i] = oldValues[j];
      this.hashes[i] = h;
    }
  }
}
