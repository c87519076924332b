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
  /** Key of slot i at [2i], its value at [2i + 1]: one cache line holds both. */
  private slots: unknown[];
  private hashes: Int32Array;
  private mask: number;
  private shift: number;
  private count = 0;
  private lastSlot = -1;

  constructor(capacity = 8) {
    this.slots = newSlots(capacity);
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
    const slots = this.slots;
    const hashes = this.hashes;
    const mask = this.mask;
    hash |= 0;
    for (let i = Math.imul(hash, SPREAD) >>> this.shift; ; i = (i + 1) & mask) {
      const k = slots[2 * i];
      // Hashes first: comparing unequal strings of equal length costs more.
      if (hashes[i] === hash && k === key) {
        this.lastSlot = i;
        return slots[2 * i + 1];
      }
      if (k === FREE) return undefined;
    }
  }

  set(key: unknown, hash: number, value: unknown): void {
    const slots = this.slots;
    const last = this.lastSlot;
    if (last >= 0 && slots[2 * last] === key) {
      slots[2 * last + 1] = value;
      return;
    }
    const hashes = this.hashes;
    const mask = this.mask;
    hash |= 0;
    let i = Math.imul(hash, SPREAD) >>> this.shift;
    for (; ; i = (i + 1) & mask) {
      const k = slots[2 * i];
      if (hashes[i] === hash && k === key) {
        slots[2 * i + 1] = value;
        this.lastSlot = i;
        return;
      }
      if (k === FREE) break;
    }
    slots[2 * i] = key;
    slots[2 * i + 1] = value;
    hashes[i] = hash;
    this.lastSlot = i;
    if (++this.count * 4 > (mask + 1) * 3) this.grow();
  }

  /** Removes `key`; returns its value (undefined when absent). */
  delete(key: unknown, hash: number): unknown {
    const slots = this.slots;
    const hashes = this.hashes;
    const mask = this.mask;
    hash |= 0;
    let i = Math.imul(hash, SPREAD) >>> this.shift;
    for (; ; i = (i + 1) & mask) {
      const k = slots[2 * i];
      if (hashes[i] === hash && k === key) break;
      if (k === FREE) return undefined;
    }
    const old = slots[2 * i + 1];
    this.count--;
    this.lastSlot = -1;
    // Backward shift: pull later entries of the probe run into the hole when their home allows.
    for (let j = (i + 1) & mask; slots[2 * j] !== FREE; j = (j + 1) & mask) {
      const home = Math.imul(hashes[j]!, SPREAD) >>> this.shift;
      const movable = i <= j ? home <= i || home > j : home <= i && home > j;
      if (movable) {
        slots[2 * i] = slots[2 * j];
        slots[2 * i + 1] = slots[2 * j + 1];
        hashes[i] = hashes[j]!;
        i = j;
      }
    }
    slots[2 * i] = FREE;
    slots[2 * i + 1] = undefined;
    return old;
  }

  /** Calls `fn` with every entry and its (unsigned) hash. `fn` must not change this map. */
  forEach(fn: (value: unknown, key: unknown, hash: number) => void): void {
    const slots = this.slots;
    const capacity = this.mask + 1;
    for (let i = 0; i < capacity; i++) {
      const k = slots[2 * i];
      if (k !== FREE) fn(slots[2 * i + 1], k, this.hashes[i]! >>> 0);
    }
  }

  /** Every key, in slot order. */
  keyList(): unknown[] {
    const out: unknown[] = [];
    const slots = this.slots;
    for (let i = 0; i < slots.length; i += 2) if (slots[i] !== FREE) out.push(slots[i]);
    return out;
  }

  private grow(): void {
    const old = this.slots;
    const oldHashes = this.hashes;
    const oldCapacity = this.mask + 1;
    const capacity = oldCapacity * 2;
    const slots = (this.slots = newSlots(capacity));
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift--;
    this.lastSlot = -1;
    for (let j = 0; j < oldCapacity; j++) {
      const k = old[2 * j];
      if (k === FREE) continue;
      const h = oldHashes[j]!;
      let i = Math.imul(h, SPREAD) >>> this.shift;
      while (slots[2 * i] !== FREE) i = (i + 1) & this.mask;
      slots[2 * i] = k;
      slots[2 * i + 1] = old[2 * j + 1];
      this.hashes[i] = h;
    }
  }
}

/** `capacity` free slots: keys FREE, values undefined, interleaved. */
function newSlots(capacity: number): unknown[] {
  const slots = new Array<unknown>(capacity * 2);
  for (let i = 0; i < slots.length; i += 2) {
    slots[i] = FREE;
    slots[i + 1] = undefined;
  }
  return slots;
}
