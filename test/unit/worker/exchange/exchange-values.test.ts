import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { WorkerError } from '../../../../src/errors/worker-error.js';
import { ElementKind, type StreamElement } from '../../../../src/runtime/stream-element.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from '../../../../src/time/time-types.js';
import type { ExchangeEncoding } from '../../../../src/worker/exchange/exchange-message.js';
import { ExchangeSender } from '../../../../src/worker/exchange/exchange-sender.js';
import { UnsupportedExchangeValueError } from '../../../../src/worker/exchange/unsupported-exchange-value-error.js';
import { EndOfInput, StreamRecord } from '../../../support/exchange-elements.js';
import { closeExchangesAfterEach, openExchange } from '../../../support/exchange-channels.js';

closeExchangesAfterEach();

function channel(encoding: ExchangeEncoding, maxBatchRecords = 4) {
  const { sender, received } = openExchange('parse[2] → enrich[0]', { encoding, maxBatchRecords });
  return { sender, received: received() };
}

/** Sends `records` then end of input; resolves with the records that arrived. */
async function roundTrip(encoding: ExchangeEncoding, records: readonly StreamRecord<unknown>[]): Promise<StreamRecord<unknown>[]> {
  const { sender, received } = channel(encoding);
  for (const record of records) sender.push(record);
  sender.push(EndOfInput.INSTANCE);
  const out = await received;
  expect(out.at(-1)).toBe(EndOfInput.INSTANCE);
  return out.filter((e: StreamElement): e is StreamRecord<unknown> => e.kind === ElementKind.Record);
}

/** Values of every type weir's value codec supports, with the corner cases. */
const codecValues: unknown[] = [
  '', 'Tuple 123', 'héllo 🎉', 'lone \uD800 surrogate', 'x'.repeat(5000),
  0, -0, 1, -1, 2 ** 31, 2 ** 53 - 1, 0.1, Number.NaN, Infinity, -Infinity,
  0n, -(2n ** 100n), true, false, null, undefined,
  [1, [2, [3]], 'a'],
  { key: 'Tuple 123', value: 1, timestamp: 42 },
  { nested: { deeper: { list: [{ a: 1 }, { a: 2 }] } } },
  new Map<unknown, unknown>([[1, 'a'], ['k', new Set([1n, 'x'])]]),
  new Set([1, 'a', null]),
  new Date(1_700_000_000_123),
  new Uint8Array([1, 2, 255]), new Float64Array([1.5, -0]), new BigInt64Array([-1n]),
  new Uint8Array([9, 8, 7]).buffer, new DataView(new Uint8Array([4, 5]).buffer),
];

describe.each(['binary', 'structured-clone'] as const)('values over an exchange channel (%s)', (encoding) => {
  it("round-trip every type of weir's value codec", async () => {
    const records = codecValues.map((value, i) => new StreamRecord(value, i));
    const out = await roundTrip(encoding, records);
    expect(out).toHaveLength(records.length);
    for (let i = 0; i < records.length; i++) expect(out[i]!.value, `value ${i}`).toStrictEqual(records[i]!.value);
    expect(Object.is(out[codecValues.findIndex((v) => Object.is(v, -0))]!.value, -0)).toBe(true);
  });

  it('keep timestamps exact, from MIN_TIMESTAMP to MAX_TIMESTAMP, in any order', async () => {
    const timestamps = [MIN_TIMESTAMP, MAX_TIMESTAMP, 0, -1, 1, 1_700_000_000_000, 1_700_000_000_001, 2 ** 31, -(2 ** 31), MIN_TIMESTAMP + 1, 5];
    const out = await roundTrip(encoding, timestamps.map((t, i) => new StreamRecord(i, t)));
    expect(out.map((r) => r.timestamp)).toEqual(timestamps);
  });
});

describe('a value the exchange cannot carry', () => {
  it('binary: push throws a typed error naming the channel and the path; the channel stays usable', async () => {
    const { sender, received } = channel('binary');
    sender.push(new StreamRecord({ first: 1 }, 1));
    let error: unknown;
    try {
      // A key first seen inside the rejected record must not be referenced by the next one.
      sender.push(new StreamRecord({ fresh: 1, handler: () => 1 }, 2));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedExchangeValueError);
    expect(error).toBeInstanceOf(WorkerError);
    expect((error as WorkerError).code).toBe(ErrorCodes.UNSUPPORTED_EXCHANGE_VALUE);
    expect((error as UnsupportedExchangeValueError).channel).toBe('parse[2] → enrich[0]');
    expect((error as Error).message).toContain("channel 'parse[2] → enrich[0]'");
    expect((error as Error).message).toContain('a function (handler) at .handler');

    class Point {
      constructor(readonly x: number) {}
    }
    expect(() => sender.push(new StreamRecord(new Point(1), 3))).toThrow(/an instance of Point/);

    sender.push(new StreamRecord({ fresh: 2 }, 4));
    sender.push(EndOfInput.INSTANCE);
    const values = (await received).filter((e) => e.kind === ElementKind.Record).map((e) => (e as StreamRecord<unknown>).value);
    expect(values).toEqual([{ first: 1 }, { fresh: 2 }]);
  });

  it('structured clone: the batch post throws a typed error naming the channel', () => {
    const { sender } = channel('structured-clone');
    sender.push(new StreamRecord({ ok: 1 }, 1));
    sender.push(new StreamRecord({ handler: () => 1 }, 2));
    let error: unknown;
    try {
      sender.flush();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedExchangeValueError);
    expect((error as WorkerError).code).toBe(ErrorCodes.UNSUPPORTED_EXCHANGE_VALUE);
    expect((error as Error).message).toContain("channel 'parse[2] → enrich[0]'");
    expect((error as Error).message).toContain("'structured-clone'");
  });
});

describe('exchange options', () => {
  it('rejects bad options naming them', () => {
    const { port1 } = new MessageChannel();
    expect(() => new ExchangeSender({ port: port1, channel: 'c', maxInFlightBatches: 0 })).toThrow(/maxInFlightBatches/);
    expect(() => new ExchangeSender({ port: port1, channel: 'c', encoding: 'json' as ExchangeEncoding })).toThrow(/encoding/);
    expect(() => new ExchangeSender({ port: port1, channel: '' })).toThrow(/channel/);
    port1.close();
  });
});
