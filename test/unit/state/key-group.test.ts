import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GOLDEN_KEY_GROUPS } from '../../support/key-group-golden.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { InvalidKeyError, KeyEncoder } from '../../../src/state/key-encoding.js';
import { KeyGroupAssigner, keyGroupOfHash, operatorIndexForKeyGroup } from '../../../src/state/key-group.js';
import { KeyGroupRange } from '../../../src/state/key-group-range.js';
import { murmur3, murmur3Bits, murmur3Utf16, murmur3Utf16Bits } from '../../../src/state/murmur3.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const hash = (bytes: Uint8Array, seed = 0): number => murmur3(bytes, bytes.length, seed);

/** Encoded bytes of a key, as a plain array (copied out of the reusable buffer). */
function encoded(key: unknown): number[] {
  const encoder = new KeyEncoder();
  const length = encoder.encode(key, 'test');
  return Array.from(encoder.bytes.subarray(0, length));
}

describe('murmur3', () => {
  // Checked against an independent Python implementation of MurmurHash3_x86_32 (mmh3 semantics).
  it.each([
    ['', 0, 0],
    ['', 1, 0x514e28b7],
    ['a', 0, 0x3c2569b2],
    ['abc', 0, 0xb3dd93fa],
    ['abcd', 0, 0x43ed676a],
    ['hello', 0, 0x248bfa47],
    ['hello', 1, 0xbb4abcad],
    ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
  ])('hashes %j with seed %i to the reference value', (input, seed, expected) => {
    expect(hash(utf8(input), seed)).toBe(expected);
  });

  it('gives the same 32 bits as a signed int32 from the Bits variants', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat({ max: 0xffffffff }), (text, seed) => {
        const bytes = utf8(text);
        expect(murmur3Bits(bytes, bytes.length, seed)).toBe(murmur3(bytes, bytes.length, seed) | 0);
        expect(murmur3Utf16Bits(text, seed)).toBe(murmur3Utf16(text, seed) | 0);
        expect(murmur3(bytes, bytes.length, seed)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('only reads the first `length` bytes', () => {
    const bytes = new Uint8Array([104, 101, 108, 108, 111, 99, 99]);
    expect(murmur3(bytes, 5)).toBe(0x248bfa47);
  });
});

describe('KeyGroupAssigner', () => {
  const assigner = new KeyGroupAssigner(128);

  it('puts the same key in the same group every time', () => {
    for (const key of ['user-1', 42, 7n, true, ['a', 1]]) {
      expect(assigner.assign(key)).toBe(assigner.assign(key));
    }
  });

  it('hashes every kind of key to an unsigned hash whose bits hashBits gives as a signed int32', () => {
    for (const key of ['user-1', 'Tuple 1', 42, -0.5, 7n, true, ['a', 1], [['n'], 2n]]) {
      const hash = assigner.hash(key);
      expect(hash).toBeGreaterThanOrEqual(0);
      expect(hash).toBeLessThan(2 ** 32);
      expect(assigner.hashBits(key)).toBe(hash | 0);
      expect(assigner.assign(key)).toBe(hash % 128);
    }
  });

  it('assigns groups within 0..maxParallelism-1', () => {
    const small = new KeyGroupAssigner(7);
    for (let i = 0; i < 1000; i++) {
      const group = small.assign(`k${i}`);
      expect(group).toBeGreaterThanOrEqual(0);
      expect(group).toBeLessThan(7);
    }
  });

  it('keeps keys of different types apart', () => {
    const forms = [1, '1', 1n, [1], ['1'], true, 'true'].map(encoded);
    const distinct = new Set(forms.map((bytes) => bytes.join(',')));
    expect(distinct.size).toBe(forms.length);
  });

  it('treats -0 as the same key as 0, also inside tuples', () => {
    expect(encoded(-0)).toEqual(encoded(0));
    expect(encoded([-0, 'a'])).toEqual(encoded([0, 'a']));
    expect(assigner.assign(-0)).toBe(assigner.assign(0));
  });

  it('keeps ["ab","c"] and ["a","bc"] apart', () => {
    expect(encoded(['ab', 'c'])).not.toEqual(encoded(['a', 'bc']));
  });

  it('keeps [[1], 2] and [1, [2]] and [1, 2] apart', () => {
    const forms = [[[1], 2], [1, [2]], [1, 2]].map((key) => encoded(key).join(','));
    expect(new Set(forms).size).toBe(3);
  });

  it('encodes non-ASCII strings and surrogate pairs as UTF-8', () => {
    expect(encoded('é')).toEqual([1, 0xc3, 0xa9, 0]);
    expect(encoded('€')).toEqual([1, 0xe2, 0x82, 0xac, 0]);
    expect(encoded('😀')).toEqual([1, 0xf0, 0x9f, 0x98, 0x80, 0]);
  });

  it('hashes a string key as MurmurHash3 of its UTF-16LE code units', () => {
    for (const s of ['', 'a', 'hello', 'Tuple 42', 'ümlaut', '😀', '\ud800', 'odd length']) {
      const bytes = new Uint8Array(s.length * 2);
      for (let i = 0; i < s.length; i++) {
        bytes[2 * i] = s.charCodeAt(i) & 0xff;
        bytes[2 * i + 1] = s.charCodeAt(i) >>> 8;
      }
      expect(assigner.assign(s)).toBe(hash(bytes) % 128);
    }
  });

  it('accepts lone surrogates and keeps them apart from pairs', () => {
    expect(() => assigner.assign('\ud800')).not.toThrow();
    expect(encoded('\ud800')).not.toEqual(encoded('\udc00'));
    expect(encoded('\ud83d\ude00')).not.toEqual(encoded('\ud83d'));
  });

  it.each([
    ['NaN', NaN],
    ['undefined', undefined],
    ['null', null],
    ['a function', () => 1],
    ['a plain object', { id: 1 }],
    ['a symbol', Symbol('s')],
    ['a tuple holding an object', ['a', {}]],
    ['a tuple holding NaN', [1, NaN]],
  ])('rejects %s with InvalidKeyError naming where it came from', (_label, key) => {
    let error: unknown;
    try {
      assigner.assign(key, "The key selector of operator 'counts'");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidKeyError);
    expect((error as InvalidKeyError).code).toBe(ErrorCodes.INVALID_KEY);
    expect((error as InvalidKeyError).code).toBe('WEIR_INVALID_KEY');
    expect((error as Error).message).toContain("The key selector of operator 'counts'");
  });

  it('rejects tuples nested deeper than 32 levels', () => {
    let key: unknown = 1;
    for (let i = 0; i < 40; i++) key = [key];
    expect(() => assigner.assign(key)).toThrow(InvalidKeyError);
  });

  // The same table is asserted in Chromium (test/browser/state/key-group.test.ts).
  it.each(GOLDEN_KEY_GROUPS)('puts key %s in golden key group %i of 128', (_label, key, group) => {
    expect(assigner.assign(key)).toBe(group);
  });
});

describe('keyGroupOfHash', () => {
  it('equals hash % maxParallelism for every unsigned 32-bit hash and every maxParallelism', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.integer({ min: 1, max: 32768 }), (hash, maxParallelism) => {
        expect(keyGroupOfHash(hash, maxParallelism)).toBe(hash % maxParallelism);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives a hash as a signed int32 the group of its unsigned form', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.integer({ min: 1, max: 32768 }), (hash, maxParallelism) => {
        expect(keyGroupOfHash(hash | 0, maxParallelism)).toBe(hash % maxParallelism);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    [0xffffffff, 32768],
    [0xffffffff, 32767],
    [0x80000000, 128],
    [0x7fffffff, 3],
    [0, 1],
    [0xffffffff, 1],
  ])('maps hash %i with maxParallelism %i as the remainder does', (hash, maxParallelism) => {
    expect(keyGroupOfHash(hash, maxParallelism)).toBe(hash % maxParallelism);
  });
});

describe('KeyGroupRange', () => {
  it('splits 128 groups over 3 subtasks as Flink does', () => {
    const ranges = [0, 1, 2].map((i) => KeyGroupRange.forOperator(128, 3, i));
    expect(ranges.map((r) => [r.start, r.end])).toEqual([
      [0, 42],
      [43, 85],
      [86, 127],
    ]);
  });

  it.each([
    [128, 1],
    [128, 3],
    [128, 7],
    [128, 128],
    [10, 3],
    [1, 1],
    [32768, 5],
    [100, 33],
  ])('covers every group exactly once for maxParallelism %i and parallelism %i', (maxParallelism, parallelism) => {
    const owners = new Array<number>(maxParallelism).fill(0);
    let previousEnd = -1;
    for (let i = 0; i < parallelism; i++) {
      const range = KeyGroupRange.forOperator(maxParallelism, parallelism, i);
      expect(range.start).toBe(previousEnd + 1);
      expect(range.size).toBeGreaterThan(0);
      for (let g = range.start; g <= range.end; g++) owners[g]!++;
      previousEnd = range.end;
    }
    expect(previousEnd).toBe(maxParallelism - 1);
    expect(owners.every((n) => n === 1)).toBe(true);
  });

  it.each([
    [128, 3],
    [128, 7],
    [10, 4],
    [32768, 3],
  ])('agrees with operatorIndexForKeyGroup for maxParallelism %i and parallelism %i', (maxParallelism, parallelism) => {
    for (let g = 0; g < maxParallelism; g++) {
      const index = operatorIndexForKeyGroup(maxParallelism, parallelism, g);
      expect(KeyGroupRange.forOperator(maxParallelism, parallelism, index).contains(g)).toBe(true);
    }
  });

  it('rejects a parallelism above maxParallelism', () => {
    expect(() => KeyGroupRange.forOperator(4, 5, 0)).toThrow(/parallelism must be from 1 to maxParallelism \(4\)/);
  });

  it('iterates, intersects and reports its size', () => {
    const range = new KeyGroupRange(3, 6);
    expect([...range]).toEqual([3, 4, 5, 6]);
    expect(range.size).toBe(4);
    expect(range.intersection(new KeyGroupRange(5, 9))).toEqual(new KeyGroupRange(5, 6));
    expect(new KeyGroupRange(5, 4).size).toBe(0);
    expect(KeyGroupRange.all(128).toString()).toBe('KeyGroupRange[0..127]');
  });
});
