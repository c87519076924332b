import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { CheckpointError } from '../../../src/errors/checkpoint-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { StateError } from '../../../src/errors/state-error.js';
import { decodeValue } from '../../../src/state/codec/decode-value.js';
import { encodeValue } from '../../../src/state/codec/encode-value.js';
import { ValueReader } from '../../../src/state/codec/value-reader.js';
import { ValueTag } from '../../../src/state/codec/value-tags.js';
import { MAX_VALUE_DEPTH, ValueWriter } from '../../../src/state/codec/value-writer.js';
import { GOLDEN_HEX, goldenValue } from '../../support/codec-golden.js';

const roundTrip = (value: unknown): unknown => decodeValue(encodeValue(value));

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('the state value codec', () => {
  it('round-trips every primitive exactly, NaN, -0 and ±Infinity included', () => {
    const values = [
      '', 'abc', 'héllo wörld', '🎉 emoji', 'x'.repeat(1000), 'é'.repeat(500), '\uD800 lone high', 'lone low \uDC00', '\uDBFF',
      0, -0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53 - 1, -(2 ** 53), 0.1, 1e300, 5e-324,
      Number.NaN, Infinity, -Infinity, 0n, 1n, -1n, 2n ** 200n, -(2n ** 64n) + 1n, true, false, null, undefined,
    ];
    for (const value of values) expect(Object.is(roundTrip(value), value), String(value)).toBe(true);
  });

  it('round-trips arrays, plain objects, Maps, Sets and Dates deeply', () => {
    const value = {
      list: [1, 'two', [3, [4]], { five: 5 }],
      map: new Map<unknown, unknown>([[1, 'a'], ['k', { nested: new Set([1n, 'x']) }], [[1, 2], new Date(0)]]),
      set: new Set([1, 'a', null]),
      date: new Date(1_700_000_000_123),
      invalid: new Date(Number.NaN),
      nothing: undefined,
      '': 'empty key',
      'with space': 1,
    };
    expect(roundTrip(value)).toStrictEqual(value);
    expect(Number.isNaN((roundTrip(new Date(Number.NaN)) as Date).getTime())).toBe(true);
  });

  it('round-trips every typed array, ArrayBuffer and DataView, as fresh copies', () => {
    const source = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    const values = [
      new Int8Array([-1, 2]), new Uint8Array([255, 0]), new Uint8ClampedArray([9]), new Int16Array([-300, 300]),
      new Uint16Array([65535]), new Int32Array([-(2 ** 31)]), new Uint32Array([2 ** 32 - 1]), new Float32Array([1.5, Number.NaN]),
      new Float64Array([-0, Infinity]), new BigInt64Array([-(2n ** 63n)]), new BigUint64Array([2n ** 64n - 1n]),
      new ArrayBuffer(3), new DataView(source.buffer, 1, 5), source.subarray(1, 9), new Float64Array(source.buffer.slice(8, 16)),
    ];
    for (const value of values) {
      const back = roundTrip(value);
      expect(back).toStrictEqual(value);
      expect(back).not.toBe(value);
    }
    // A misaligned view comes back aligned, with only its own bytes.
    const view = roundTrip(source.subarray(3, 5)) as Uint8Array;
    expect(view.byteOffset).toBe(0);
    expect(view.buffer.byteLength).toBe(2);
  });

  it('round-trips arbitrary nested data (property test)', () => {
    const anything = fc.anything({
      withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true,
      withSparseArray: false, withBoxedValues: false, withObjectString: false,
    });
    fc.assert(
      fc.property(anything, (value) => {
        expect(roundTrip(value)).toStrictEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it('turns array holes into undefined', () => {
    // eslint-disable-next-line no-sparse-arrays
    const back = roundTrip([1, , 3]) as unknown[];
    expect(back).toStrictEqual([1, undefined, 3]);
    expect(1 in back).toBe(true);
  });

  it('keeps an own __proto__ key as own data, and null-prototype objects null-prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as object;
    const back = roundTrip(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toStrictEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const bare = roundTrip(Object.assign(Object.create(null) as object, { a: 1 }));
    expect(Object.getPrototypeOf(bare)).toBe(null);
  });

  it('shares repeated object keys within one stream, and reads them back', () => {
    const writer = new ValueWriter();
    const rows = Array.from({ length: 50 }, (_, i) => ({ sum: i, count: i * 2 }));
    for (const row of rows) writer.write(row);
    const bytes = writer.finish();
    expect(bytes.length).toBeLessThan(50 * 14);
    const reader = new ValueReader(bytes);
    const back: unknown[] = [];
    while (!reader.done) back.push(reader.read());
    expect(back).toStrictEqual(rows);
  });

  it.each([
    ['a function', () => 1, 'a function (anonymous)'],
    ['a symbol', Symbol('s'), 'Symbol(s)'],
    ['a class instance', new (class Point { x = 1 })(), 'an instance of Point'],
    ['a WeakMap', new WeakMap(), 'an instance of WeakMap'],
    ['a Promise', Promise.resolve(1), 'an instance of Promise'],
    ['an Error', new Error('x'), 'an instance of Error'],
    ['a Map subclass', new (class Registry extends Map {})(), 'an instance of Registry'],
    ['a boxed number', Object(1) as object, 'an instance of Number'],
  ])('rejects %s with UNSUPPORTED_STATE_VALUE naming the state, the key and the path', (_name, bad, described) => {
    const error = caught(() => encodeValue({ items: [0, { bad }] }, () => `State 'totals' of key "user-7"`));
    expect(error).toBeInstanceOf(StateError);
    expect((error as StateError).code).toBe(ErrorCodes.UNSUPPORTED_STATE_VALUE);
    expect((error as StateError).message).toContain(`State 'totals' of key "user-7" holds ${described} at .items[1].bad`);
    const top = caught(() => encodeValue(bad, `State 'x' of key 1`));
    expect((top as StateError).code).toBe(ErrorCodes.UNSUPPORTED_STATE_VALUE);
  });

  it('rejects a cycle as nesting too deep', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const error = caught(() => encodeValue(cyclic, 'State s')) as StateError;
    expect(error.code).toBe(ErrorCodes.UNSUPPORTED_STATE_VALUE);
    expect(error.message).toContain(`nested deeper than ${MAX_VALUE_DEPTH} levels`);
  });

  it('formats the location only when a value is rejected, and leaves earlier values intact', () => {
    const where = vi.fn(() => 'State s');
    const writer = new ValueWriter();
    writer.write({ a: 1 }, where);
    expect(() => writer.write([1, 2, () => 3], where)).toThrow(StateError);
    expect(where).toHaveBeenCalledTimes(1);
    writer.write('after');
    const reader = new ValueReader(writer.finish());
    expect([reader.read(), reader.read(), reader.done]).toStrictEqual([{ a: 1 }, 'after', true]);
  });

  it('forgets object keys first written inside a rejected value, so later values never refer to them', () => {
    const writer = new ValueWriter();
    writer.write({ a: 1 });
    expect(() => writer.write({ b: 2, c: () => 3 })).toThrow(StateError);
    writer.write({ a: 2, b: 3, c: 4 });
    const reader = new ValueReader(writer.finish());
    expect([reader.read(), reader.read(), reader.done]).toStrictEqual([{ a: 1 }, { a: 2, b: 3, c: 4 }, true]);
  });
});

describe('decoding hostile bytes', () => {
  const corruptCode = (bytes: number[]): unknown => {
    const error = caught(() => decodeValue(new Uint8Array(bytes), 'chunk 3'));
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).message).toContain('chunk 3 is corrupt');
    return (error as CheckpointError).code;
  };
  const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

  it('defines a crafted __proto__ key as own data, never as the prototype', () => {
    // { "__proto__": { "polluted": true } } written by hand.
    const bytes = [ValueTag.OBJECT, 1, ValueTag.STRING, 9, ...ascii('__proto__'), ValueTag.OBJECT, 1, ValueTag.STRING, 8, ...ascii('polluted'), ValueTag.TRUE];
    const back = decodeValue(new Uint8Array(bytes)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.hasOwn(back, '__proto__')).toBe(true);
    expect((back as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('rejects truncated data, unknown tags, impossible counts, bad references and trailing bytes as CHECKPOINT_CORRUPT', () => {
    expect(corruptCode([])).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
    expect(corruptCode([ValueTag.STRING, 5, 97])).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
    expect(corruptCode([ValueTag.FLOAT64, 0, 0])).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
    expect(corruptCode([99])).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
    expect(corruptCode([ValueTag.ARRAY, 0xff, 0xff, 0xff, 0xff, 0x0f])).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
    expect(corruptCode([ValueTag.OBJECT, 1, ValueTag.STRING_REF, 3, ValueTag.NULL])).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
    expect(corruptCode([ValueTag.OBJECT, 1, ValueTag.INT, 3, ValueTag.NULL])).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
    expect(corruptCode([ValueTag.INT, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80])).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
    expect(corruptCode([ValueTag.BINARY, 7, 3, 1, 2, 3])).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
    expect(corruptCode([ValueTag.BIGINT, 0, 2, ...ascii('zz')])).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
    expect(corruptCode([ValueTag.NULL, ValueTag.NULL])).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
  });

  it('rejects absurdly deep nesting as corrupt instead of overflowing the stack', () => {
    const depth = 100_000;
    const bytes = new Array<number>(depth * 2).fill(0);
    for (let i = 0; i < depth; i++) [bytes[2 * i], bytes[2 * i + 1]] = [ValueTag.ARRAY, 1];
    expect(corruptCode([...bytes, ValueTag.NULL])).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
  });

  it('never throws anything but CheckpointError on random bytes (property test)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decodeValue(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(CheckpointError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the codec’s bytes', () => {
  it('are the golden bytes Chromium checks too', () => {
    const bytes = encodeValue(goldenValue());
    expect(Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')).toBe(GOLDEN_HEX);
    expect(decodeValue(bytes)).toStrictEqual(goldenValue());
  });
});

describe('decoding from a Node Buffer', () => {
  it('copies binary values out of the buffer', () => {
    const bytes = encodeValue([new Uint8Array([1, 2]), new Float64Array([3])]);
    const pooled = Buffer.concat([Buffer.from([9, 9, 9]), Buffer.from(bytes)]).subarray(3);
    const [small, floats] = decodeValue(pooled) as [Uint8Array, Float64Array];
    expect(small.buffer.byteLength).toBe(2);
    expect(floats).toStrictEqual(new Float64Array([3]));
  });
});
