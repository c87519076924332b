import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../../../src/errors/checkpoint-error.js';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import type { StreamElement, StreamRecord } from '../../../../src/runtime/stream-element.js';
import { BatchDecoder } from '../../../../src/worker/exchange/batch-decoder.js';
import { BinaryBatchEncoder } from '../../../../src/worker/exchange/binary-batch-encoder.js';
import { DICTIONARY_LIMIT, DICTIONARY_MAX_STRING, SHAPE_LIMIT, SHAPE_MAX_KEYS } from '../../../../src/worker/exchange/exchange-tags.js';
import { UnsupportedExchangeValueError } from '../../../../src/worker/exchange/unsupported-exchange-value-error.js';

/** One channel's two ends, without ports: batches go from the encoder to the decoder in order. */
function channel() {
  const encoder = new BinaryBatchEncoder('a[0] → b[1]');
  const decoder = new BatchDecoder("a batch on channel 'a[0] → b[1]'");
  const batches: { records: ArrayBuffer; count: number }[] = [];
  return {
    encoder,
    decoder,
    batches,
    /** Encodes `values` as one batch and keeps it. */
    send(values: readonly unknown[]): void {
      values.forEach((value, i) => encoder.add(value, i));
      const batch = encoder.take();
      batches.push({ records: batch.records as ArrayBuffer, count: batch.count });
    },
    /** Decodes a kept batch (each once: the decoder's tables move on). */
    receive(batch = batches.shift()!, into: BatchDecoder = decoder): unknown[] {
      const out: unknown[] = [];
      into.decode(batch.records, batch.count, (e: StreamElement) => out.push((e as StreamRecord<unknown>).value));
      return out;
    },
  };
}

/** Sends each list of values as a batch and returns what arrives, batch by batch. */
function roundTrip(...batches: unknown[][]): unknown[][] {
  const c = channel();
  return batches.map((values) => {
    c.send(values);
    return c.receive();
  });
}

describe("the exchange's channel tables", () => {
  it('send a repeated string once, then by index: later batches are much smaller', () => {
    const c = channel();
    const values = Array.from({ length: 100 }, (_, i) => ({ key: `Tuple ${i}`, value: 1, timestamp: i }));
    c.send(values);
    c.send(values);
    const [first, second] = c.batches;
    expect(second!.records.byteLength).toBeLessThan(first!.records.byteLength * 0.6);
    expect(c.receive()).toEqual(values);
    expect(c.receive()).toEqual(values);
  });

  it('decode the same string to the same value in every batch, across shapes and nesting', () => {
    const out = roundTrip(
      ['k', { k: 'k' }, ['k', { k: ['k'] }]],
      [{ k: 'k', j: 'k' }, { j: 'k', k: 'k' }, 'k'],
    );
    expect(out).toEqual([
      ['k', { k: 'k' }, ['k', { k: ['k'] }]],
      [{ k: 'k', j: 'k' }, { j: 'k', k: 'k' }, 'k'],
    ]);
    // Key order is kept: a shape is an ordered key list.
    expect(Object.keys(out[1]![1] as object)).toEqual(['j', 'k']);
  });

  it('follow shapes that change mid-batch and across batches, nested and in arrays', () => {
    const a = { key: 'x', value: 1 };
    const b = { key: 'x', value: 1, extra: true };
    const batches = [
      [a, b, a, { nested: a }, { nested: b }, [a, b, b, a], { nested: [a, { deeper: b }] }],
      [b, a, { nested: b }, [b, a], { value: 1, key: 'x' }],
      [{}, { nested: {} }, [{}, a]],
    ];
    expect(roundTrip(...batches)).toEqual(batches);
  });

  it('keep prototypes: null-prototype objects, an own __proto__ key, and objects the codec cannot shape', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { key: 'x', n: 1 });
    const proto = JSON.parse('{"__proto__": {"polluted": true}, "key": "x"}') as Record<string, unknown>;
    const wide = Object.fromEntries(Array.from({ length: SHAPE_MAX_KEYS + 1 }, (_, i) => [`f${i}`, i]));
    const [out] = roundTrip([bare, { key: 'x', n: 1 }, proto, proto, wide, bare]);
    expect(Object.getPrototypeOf(out![0])).toBeNull();
    expect(Object.getPrototypeOf(out![1])).toBe(Object.prototype);
    expect(out![0]).toEqual(bare);
    for (const i of [2, 3]) {
      expect(Object.getPrototypeOf(out![i])).toBe(Object.prototype);
      expect(Object.hasOwn(out![i] as object, '__proto__')).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
    expect(out![4]).toEqual(wide);
    expect(Object.getPrototypeOf(out![5])).toBeNull();
  });

  it('ignore enumerable properties inherited from a patched Object.prototype, as the value codec does', () => {
    const c = channel();
    c.send([{ key: 'x' }]);
    expect(c.receive()).toEqual([{ key: 'x' }]);
    (Object.prototype as Record<string, unknown>).injected = 1;
    try {
      c.send([{ key: 'y' }, { key: 'z' }]);
      const out = c.receive() as Record<string, unknown>[];
      expect(out.map((o) => Object.keys(o))).toEqual([['key'], ['key']]);
      expect(out.map((o) => o.key)).toEqual(['y', 'z']);
    } finally {
      delete (Object.prototype as Record<string, unknown>).injected;
    }
  });

  it('carry more distinct strings than the dictionary holds: it is emptied between batches, on both sides', () => {
    const c = channel();
    const total = DICTIONARY_LIMIT * 2 + 100;
    const sent: unknown[][] = [];
    for (let start = 0; start < total; start += 5000) {
      const values = Array.from({ length: Math.min(5000, total - start) }, (_, i) => ({ key: `k${start + i}`, again: `k${start}` }));
      sent.push(values);
      c.send(values);
    }
    expect(sent.map(() => c.receive())).toEqual(sent);
  });

  it('carry more shapes than the shape table holds', () => {
    const values = Array.from({ length: SHAPE_LIMIT * 2 + 10 }, (_, i) => ({ [`field${i}`]: i, common: 'c' }));
    const batches: unknown[][] = [];
    for (let i = 0; i < values.length; i += 300) batches.push(values.slice(i, i + 300));
    expect(roundTrip(...batches)).toEqual(batches);
  });

  it('write long strings and strings with lone surrogates inline', () => {
    const long = 'y'.repeat(DICTIONARY_MAX_STRING + 1);
    const lone = 'a\uD800b';
    const batches = [[long, lone, { s: long, t: lone }], [long, lone, { s: long, t: lone }]];
    expect(roundTrip(...batches)).toEqual(batches);
  });

  it('leave no table entry behind for a record that fails: the next records still decode', () => {
    const c = channel();
    c.encoder.add({ first: 'a' }, 1);
    expect(() => c.encoder.add({ fresh: 'new string', nested: { shape: 'new', bad: () => 1 } }, 2)).toThrow(UnsupportedExchangeValueError);
    expect(() => c.encoder.add(['new string', { shape: Symbol('s') }], 3)).toThrow(/at \[1\]\.shape/);
    c.encoder.add({ fresh: 'new string', nested: { shape: 'new', bad: 0 } }, 4);
    c.encoder.add(['new string', { shape: 'new' }], 5);
    const batch = c.encoder.take();
    c.batches.push({ records: batch.records as ArrayBuffer, count: batch.count });
    expect(c.receive()).toEqual([{ first: 'a' }, { fresh: 'new string', nested: { shape: 'new', bad: 0 } }, ['new string', { shape: 'new' }]]);
  });

  it('name the path of a value the codec cannot carry below a shaped object', () => {
    const c = channel();
    expect(() => c.encoder.add({ a: { b: [1, new Map([[1, () => 2]])] } }, 1)).toThrow(/a function .* at \.a\.b\[1\]\[0\]/);
  });

  it('never let tables outlive their channel: a fresh receiver cannot read a later batch of an old channel', () => {
    const c = channel();
    c.send([{ key: 'Tuple 1', value: 1 }]);
    c.send([{ key: 'Tuple 1', value: 1 }]);
    const [, second] = c.batches;
    c.receive();
    let error: unknown;
    try {
      c.receive(second, new BatchDecoder("a batch on channel 'a[0] → b[1]'"));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).code).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
    expect((error as Error).message).toContain("channel 'a[0] → b[1]'");
  });

  it('start a new channel incarnation (a restored job) from empty tables on both ends', () => {
    const before = channel();
    before.send([{ key: 'Tuple 1' }]);
    before.receive();
    const after = channel();
    after.send([{ key: 'Tuple 1' }]);
    before.send([{ key: 'Tuple 1' }]);
    // The new sender defines the string and the shape again, as the old one did in its first batch.
    expect(after.batches[0]!.records.byteLength).toBeGreaterThan(before.batches[0]!.records.byteLength);
    expect(after.receive()).toEqual([{ key: 'Tuple 1' }]);
  });

  it('reject hostile batches as corrupt: unknown flags, unknown entries', () => {
    const decode = (bytes: number[], count: number) => () => new BatchDecoder('a batch').decode(new Uint8Array(bytes).buffer, count, () => {});
    expect(decode([0x80, 0x01], 0)).toThrow(/unknown batch flags/);
    expect(decode([0, 1, 41, 7], 1)).toThrow(/unknown dictionary entry 7/);
    expect(decode([0, 1, 43, 0], 1)).toThrow(/unknown shape 0/);
  });
});
