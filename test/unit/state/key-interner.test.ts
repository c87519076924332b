import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { KeyInterner } from '../../../src/state/heap/key-interner.js';
import { InvalidKeyError, KeyEncoder } from '../../../src/state/key-encoding.js';
import { KeyGroupAssigner } from '../../../src/state/key-group.js';

const assigner = new KeyGroupAssigner(128);
const interner = (live: unknown[] = []) =>
  new KeyInterner(assigner, (into) => {
    for (const key of live) into.add(key);
  });

function encoding(key: unknown): string {
  const encoder = new KeyEncoder();
  return encoder.bytes.subarray(0, encoder.encode(key, 'test')).join(',');
}

describe('KeyInterner', () => {
  it('returns one deeply frozen instance for equal tuples, leaving the caller’s array alone', () => {
    const keys = interner();
    const mine = ['a', [1, 2], 3n];
    const first = keys.intern(mine, 'test');
    const second = keys.intern(['a', [1, 2], 3n], 'test');
    expect(second).toBe(first);
    expect(first.key).toEqual(mine);
    expect(first.key).not.toBe(mine);
    expect(Object.isFrozen(first.key)).toBe(true);
    expect(Object.isFrozen(first.key[1])).toBe(true);
    expect(Object.isFrozen(mine)).toBe(false);
  });

  it('caches the key group the assigner computes', () => {
    const keys = interner();
    expect(keys.intern(['a', 1], 'test').group).toBe(assigner.assign(['a', 1]));
  });

  it('keeps element types apart and treats -0 as 0', () => {
    const keys = interner();
    const forms = [[1], ['1'], [1n], [true], [[1]], []].map((key) => keys.intern(key, 'test'));
    expect(new Set(forms).size).toBe(forms.length);
    const zero = keys.intern([-0, 'x'], 'test');
    expect(keys.intern([0, 'x'], 'test')).toBe(zero);
    expect(Object.is(zero.key[0], 0)).toBe(true);
  });

  it.each([
    ['an object element', ['a', {}]],
    ['NaN', [NaN]],
    ['a hole', [1, , 2]],
    ['undefined', [undefined]],
    ['a nested bad element', [[null]]],
  ])('rejects a tuple with %s with InvalidKeyError naming where', (_label, key) => {
    const error = (() => {
      try {
        interner().intern(key as unknown[], 'The key selector of test');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidKeyError);
    expect((error as InvalidKeyError).code).toBe(ErrorCodes.INVALID_KEY);
    expect((error as Error).message).toContain('The key selector of test');
  });

  it('rejects a tuple that contains itself instead of recursing forever', () => {
    const loop: unknown[] = ['x'];
    loop.push(loop);
    expect(() => interner().intern(loop, 'test')).toThrow(InvalidKeyError);
  });

  it('prunes tuples no state holds and keeps the instances that are still held', () => {
    const live: unknown[] = [];
    const keys = interner(live);
    const kept = keys.intern(['kept', ['nested']], 'test');
    live.push(kept.key);
    for (let i = 0; i < 5000; i++) keys.intern(['gone', i], 'test');
    expect(keys.size).toBeLessThan(5000);
    keys.prune();
    expect(keys.size).toBe(2); // the kept tuple and its nested tuple
    expect(keys.intern(['kept', ['nested']], 'test')).toBe(kept);
  });

  it('interns equal tuples to one instance exactly when their encodings are equal', () => {
    const element = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.bigInt(),
      fc.boolean(),
      fc.constantFrom(0, -0, '0', 0n, ''),
    );
    const tuple = fc.array(fc.oneof(element, fc.array(element, { maxLength: 2 })), { maxLength: 3 });
    const keys = interner();
    fc.assert(
      fc.property(tuple, tuple, (a, b) => {
        const same = keys.intern(a, 'test') === keys.intern(b, 'test');
        expect(same).toBe(encoding(a) === encoding(b));
        expect(keys.intern(structuredClone(a), 'test')).toBe(keys.intern(a, 'test'));
      }),
      { numRuns: 500 },
    );
  });
});
