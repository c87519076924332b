import { copySharedValue } from './copy-shared-value.js';
import { NO_VIEWS, type CopyOnWriteClock } from './copy-on-write-clock.js';

/** Marks a free slot (never a valid key). */
export const FREE_SLOT: unknown = Symbol('free');
const FREE = FREE_SLOT;
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
 *
 * Copy-on-write for checkpoint views: each entry carries the
 * {@link CopyOnWriteClock} version it was last written at. {@link capture}
 * hands a view the current arrays; the first write after that copies them
 * (once per map and view), and {@link getOwned} copies a shared object value
 * before the caller mutates it.
 */
export class KeyHashMap {
  /** Key of slot i at [2i], its value at [2i + 1]: one cache line holds both. */
  private slots: unknown[];
  private hashes: Int32Array;
  /** The clock version each slot's entry was last written at. */
  private versions: Int32Array;
  private mask: number;
  private shift: number;
  private count = 0;
  private lastSlot = -1;
  /** The key object the last lookup was made with: a write with that same object skips comparing strings. */
  private lastKey: unknown = FREE;
  /** A view holds `slots` and `versions`: copy them before the next write. */
  private captured = false;

  constructor(
    capacity = 8,
    private readonly clock: CopyOnWriteClock = NO_VIEWS,
  ) {
    this.slots = newSlots(capacity);
    this.hashes = new Int32Array(capacity);
    this.versions = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
  }

  /** A map that holds `entries` without growing. */
  static withRoomFor(entries: number, clock: CopyOnWriteClock = NO_VIEWS): KeyHashMap {
    return new KeyHashMap(capacityFor(entries, 8), clock);
  }

  /**
   * The entries as they are now, for a checkpoint view: `slots` holds key i
   * at [2i] ({@link FREE_SLOT} when empty) and its value at [2i + 1];
   * `versions[i]` is the version it was written at. Neither changes
   * afterwards: the map copies them before its next write.
   */
  capture(): CapturedEntries {
    this.captured = true;
    return { slots: this.slots, versions: this.versions };
  }

  /**
   * Like {@link get}, for a caller about to mutate the value in place (push
   * to a list, set in a Map, an accumulator's add): an object value still
   * shared with an unreleased view is replaced by a deep copy first, and the
   * entry is stamped as changed.
   */
  getOwned(key: unknown, hash: number): unknown {
    const value = this.get(key, hash);
    if (typeof value !== 'object' || value === null) return value;
    const i = this.lastSlot;
    const clock = this.clock;
    if (this.versions[i]! < clock.required) {
      if (this.captured) this.unshare();
      const copy = copySharedValue(value);
      this.slots[2 * i + 1] = copy;
      this.versions[i] = clock.version;
      return copy;
    }
    if (this.captured) this.unshare();
    this.versions[i] = clock.version;
    return value;
  }

  get size(): number {
    return this.count;
  }

  /**
   * Grows now so that `entries` entries fit without growing. Loading many
   * entries in another map's slot order into a small map that grows as it
   * goes clusters them badly (linear probing); sizing first avoids that.
   */
  reserve(entries: number): void {
    const capacity = capacityFor(entries, this.mask + 1);
    if (capacity > this.mask + 1) this.resize(capacity);
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
        this.lastKey = key;
        return slots[2 * i + 1];
      }
      if (k === FREE) return undefined;
    }
  }

  set(key: unknown, hash: number, value: unknown): void {
    if (this.captured) this.unshare();
    const slots = this.slots;
    const last = this.lastSlot;
    if (last >= 0 && (this.lastKey === key || slots[2 * last] === key)) {
      slots[2 * last + 1] = value;
      this.versions[last] = this.clock.version;
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
        this.versions[i] = this.clock.version;
        this.lastSlot = i;
        this.lastKey = key;
        return;
      }
      if (k === FREE) break;
    }
    slots[2 * i] = key;
    slots[2 * i + 1] = value;
    hashes[i] = hash;
    this.versions[i] = this.clock.version;
    this.lastSlot = i;
    this.lastKey = key;
    if (++this.count * 4 > (mask + 1) * 3) this.grow();
  }

  /** Removes `key`; returns its value (undefined when absent). */
  delete(key: unknown, hash: number): unknown {
    let slots = this.slots;
    const hashes = this.hashes;
    const mask = this.mask;
    hash |= 0;
    let i = Math.imul(hash, SPREAD) >>> this.shift;
    for (; ; i = (i + 1) & mask) {
      const k = slots[2 * i];
      if (hashes[i] === hash && k === key) break;
      if (k === FREE) return undefined;
    }
    if (this.captured) {
      this.unshare();
      slots = this.slots;
    }
    const versions = this.versions;
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
        versions[i] = versions[j]!;
        i = j;
      }
    }
    slots[2 * i] = FREE;
    slots[2 * i + 1] = undefined;
    return old;
  }

  /**
   * Calls `fn` with every entry and its (unsigned) hash: callers derive key
   * groups from it with `%`. `fn` must not change this map.
   */
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

  /** Stops sharing the arrays a view captured (when a view may still read them). */
  private unshare(): void {
    this.captured = false;
    if (this.clock.required === 0) return;
    this.slots = this.slots.slice();
    // The hashes are not captured; versions are.
    this.versions = this.versions.slice();
  }

  private grow(): void {
    this.resize((this.mask + 1) * 2);
  }

  /** Moves every entry into arrays of `capacity` slots (a power of two, larger than now). */
  private resize(capacity: number): void {
    // New arrays: a view holding the old ones keeps them as they were.
    this.captured = false;
    const old = this.slots;
    const oldHashes = this.hashes;
    const oldVersions = this.versions;
    const oldCapacity = this.mask + 1;
    const slots = (this.slots = newSlots(capacity));
    this.hashes = new Int32Array(capacity);
    this.versions = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
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
      this.versions[i] = oldVersions[j]!;
    }
  }
}

/** A map's entries as a checkpoint view holds them (see {@link KeyHashMap.capture}). */
export interface CapturedEntries {
  readonly slots: readonly unknown[];
  readonly versions: Int32Array;
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

/** The smallest power-of-two capacity from `from` up that holds `entries` at a load of at most 3/4. */
function capacityFor(entries: number, from: number): number {
  let capacity = from;
  while (capacity * 3 < entries * 4 + 4) capacity *= 2;
  return capacity;
}
