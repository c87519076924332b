import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyStateValue } from '../../../src/state/heap/copy-state-value.js';

describe('copyStateValue', () => {
  it('copies like structuredClone for arbitrary plain data', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy = copyStateValue(value);
        expect(copy).toStrictEqual(structuredClone(value));
        if (typeof value === 'object' && value !== null) expect(copy).not.toBe(value);
      }),
      { numRuns: 300 },
    );
  });

  it('copies Maps deeply, and Dates, Sets and typed arrays through structuredClone', () => {
    const inner = { n: 1 };
    const value = { m: new Map([['k', inner]]), d: new Date(5), s: new Set([1]), bytes: new Uint8Array([1, 2]) };
    const copy = copyStateValue(value) as typeof value;
    expect(copy).toStrictEqual(value);
    expect(copy.m.get('k')).not.toBe(inner);
    expect(copy.d).not.toBe(value.d);
    expect(copy.s).not.toBe(value.s);
  });

  it('turns class instances into plain objects, as structuredClone does', () => {
    class Point {
      constructor(readonly x: number) {}
    }
    expect(copyStateValue([new Point(1)])).toStrictEqual(structuredClone([new Point(1)]));
  });

  it('keeps an own __proto__ property as data instead of setting the prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const copy = copyStateValue(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('falls back to structuredClone for cyclic and very deep values', () => {
    const cyclic: { self?: unknown; n: number } = { n: 1 };
    cyclic.self = cyclic;
    const copy = copyStateValue(cyclic) as typeof cyclic;
    expect(copy.self).toBe(copy);
    let deep: unknown = 0;
    for (let i = 0; i < 200; i++) deep = [deep];
    expect(copyStateValue(deep)).toStrictEqual(deep);
  });

  it('keeps holes in arrays', () => {
    const copy = copyStateValue([1, , 3]) as unknown[];
    expect(1 in copy).toBe(false);
    expect(copy).toHaveLength(3);
  });

  it('throws a DataCloneError for functions and symbols, as structuredClone does', () => {
    expect(() => copyStateValue({ f: () => 1 })).toThrow(/could not be cloned|DataCloneError/i);
    expect(() => copyStateValue([Symbol('s')])).toThrow();
  });
});
