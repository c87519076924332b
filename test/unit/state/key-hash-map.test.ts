import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyHashMap } from '../../../src/state/heap/key-hash-map.js';
import { murmur3Utf16 } from '../../../src/state/murmur3.js';

type Op =
  | { kind: 'set'; key: string; value: number }
  | { kind: 'delete'; key: string }
  | { kind: 'get'; key: string }
  | { kind: 'upsert'; key: string; value: number };

/** A hash that collides a lot when `colliding` (only 4 distinct values), to stress probing and backward-shift deletion. */
const hashOf = (key: string, colliding: boolean): number => (colliding ? murmur3Utf16(key) & 3 : murmur3Utf16(key));

describe('KeyHashMap', () => {
  it('behaves like a Map under any sequence of sets, gets, read-modify-writes and deletes, even when hashes collide', () => {
    const key = fc.constantFrom(...Array.from({ length: 40 }, (_, i) => `k${i}`));
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }),
      fc.record({ kind: fc.constant('delete' as const), key }),
      fc.record({ kind: fc.constant('get' as const), key }),
      fc.record({ kind: fc.constant('upsert' as const), key, value: fc.integer() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), fc.boolean(), (ops, colliding) => {
        const map = new KeyHashMap();
        const reference = new Map<string, number>();
        for (const o of ops) {
          const h = hashOf(o.key, colliding);
          if (o.kind === 'set') {
            map.set(o.key, h, o.value);
            reference.set(o.key, o.value);
          } else if (o.kind === 'upsert') {
            // A lookup then a write of the same key (object): the write reuses the slot the lookup found or stopped at.
            const sum = ((map.get(o.key, h) as number | undefined) ?? 0) + o.value;
            map.set(o.key, h, sum);
            reference.set(o.key, (reference.get(o.key) ?? 0) + o.value);
          } else if (o.kind === 'delete') {
            expect(map.delete(o.key, h)).toBe(reference.get(o.key));
            reference.delete(o.key);
          } else {
            expect(map.get(o.key, h)).toBe(reference.get(o.key));
          }
          expect(map.size).toBe(reference.size);
        }
        const seen = new Map<unknown, unknown>();
        map.forEach((value, k, hash) => {
          seen.set(k, value);
          expect(hash).toBe(hashOf(k as string, colliding) >>> 0);
        });
        expect(seen).toEqual(reference);
        expect(new Set(map.keyList())).toEqual(new Set(reference.keys()));
      }),
      { numRuns: 300 },
    );
  });

  it('finds keys by value for equal strings built separately', () => {
    const map = new KeyHashMap();
    const a = ['Tup', 'le 7'].join('');
    map.set(a, murmur3Utf16(a), 1);
    const b = `Tuple ${7}`;
    expect(map.get(b, murmur3Utf16(b))).toBe(1);
  });

  it('updates the one entry of a key when its read and write use equal strings built separately', () => {
    const map = new KeyHashMap();
    const key = (n: number) => `Tuple ${n}`;
    for (let round = 0; round < 3; round++) {
      for (let n = 0; n < 50; n++) {
        const read = key(n);
        const previous = map.get(read, murmur3Utf16(read)) as number | undefined;
        const write = key(n);
        map.set(write, murmur3Utf16(write), (previous ?? 0) + 1);
      }
    }
    expect(map.size).toBe(50);
    for (let n = 0; n < 50; n++) expect(map.get(key(n), murmur3Utf16(key(n)))).toBe(3);
  });

  it('inserts after a lookup miss where later lookups find it, even when a delete came between', () => {
    const map = new KeyHashMap();
    // One hash for all: every key probes from the same home slot.
    map.set('a', 7, 1);
    expect(map.get('b', 7)).toBeUndefined(); // stops at the free slot after 'a'
    expect(map.delete('a', 7)).toBe(1); // the home slot is free again
    map.set('b', 7, 2);
    expect(map.get('b', 7)).toBe(2);
    expect(map.size).toBe(1);
  });

  it('starts big enough for the entries it is sized for', () => {
    const map = KeyHashMap.withRoomFor(100);
    for (let i = 0; i < 100; i++) map.set(i, i * 2654435761, i);
    for (let i = 0; i < 100; i++) expect(map.get(i, i * 2654435761)).toBe(i);
    expect(map.size).toBe(100);
  });
});
