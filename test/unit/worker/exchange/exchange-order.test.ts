import fc from 'fast-check';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { WorkerError } from '../../../../src/errors/worker-error.js';
import type { StreamElement } from '../../../../src/runtime/stream-element.js';
import type { ExchangeEncoding } from '../../../../src/worker/exchange/exchange-message.js';
import { ExchangeSender } from '../../../../src/worker/exchange/exchange-sender.js';
import {
  CheckpointBarrier,
  describeElement,
  EndOfInput,
  StreamRecord,
  Watermark,
  WatermarkStatus,
} from '../../../support/exchange-elements.js';
import { closeExchangesAfterEach, openExchange } from '../../../support/exchange-channels.js';

closeExchangesAfterEach();

function channel(encoding: ExchangeEncoding, maxBatchRecords: number, maxInFlightBatches = 2) {
  return openExchange('src[0] → sum[1]', { encoding, maxBatchRecords, maxInFlightBatches });
}

/** Pushes `elements` in chunks of `chunk`, flushing and waiting for credit between chunks, as the runtime does. */
async function pushAll(sender: ExchangeSender, elements: readonly StreamElement[], chunk: number): Promise<void> {
  for (let i = 0; i < elements.length; i += chunk) {
    for (const element of elements.slice(i, i + chunk)) sender.push(element);
    sender.flush();
    await sender.whenWritable();
  }
}

describe.each(['binary', 'structured-clone'] as const)('an exchange channel (%s)', (encoding) => {
  it('delivers records and control elements in order across batch boundaries', async () => {
    const { sender, received } = channel(encoding, 3);
    const all = received();
    const elements: StreamElement[] = [
      new StreamRecord('a', 1),
      new StreamRecord('b', 2),
      new Watermark(2),
      new StreamRecord('c', 3),
      new StreamRecord('d', 4),
      new StreamRecord('e', 5),
      new StreamRecord('f', 6),
      new CheckpointBarrier(1, 100),
      new CheckpointBarrier(2, 200, true),
      WatermarkStatus.IDLE,
      WatermarkStatus.ACTIVE,
      new StreamRecord('g', 7),
      new Watermark(7),
      EndOfInput.INSTANCE,
    ];
    await pushAll(sender, elements, 4);
    expect((await all).map(describeElement)).toEqual(elements.map(describeElement));
  });

  it('never lets a watermark, status change or barrier overtake a record, whatever the batch size and flush points', async () => {
    const element = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: -1000, max: 1000 }).map((t) => new StreamRecord(t * 7, t) as StreamElement) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 1000 }).map((t) => new Watermark(t) as StreamElement) },
      { weight: 1, arbitrary: fc.boolean().map((idle) => (idle ? WatermarkStatus.IDLE : WatermarkStatus.ACTIVE) as StreamElement) },
      { weight: 1, arbitrary: fc.nat(50).map((id) => new CheckpointBarrier(id, id * 10) as StreamElement) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(element, { maxLength: 200 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 50 }), async (body, batch, chunk) => {
        const { sender, received } = channel(encoding, batch, 1 + (batch % 3));
        const elements = [...body, EndOfInput.INSTANCE];
        const all = received();
        await pushAll(sender, elements, chunk);
        expect((await all).map(describeElement)).toEqual(elements.map(describeElement));
      }),
      { numRuns: 60 },
    );
  });

  it('completes the receiver at end of input and refuses pushes after it', async () => {
    const { sender, receiver, received } = channel(encoding, 100);
    const all = received();
    sender.push(new StreamRecord(1, 1));
    sender.push(EndOfInput.INSTANCE);
    expect((await all).map(describeElement)).toEqual(['r1@1', 'end']);
    expect(receiver.stats).toEqual({ batches: 1, records: 1 });
    expect(() => sender.push(new StreamRecord(2, 2))).toThrow(WorkerError);
    try {
      sender.push(new StreamRecord(2, 2));
    } catch (error) {
      expect((error as WorkerError).code).toBe(ErrorCodes.ILLEGAL_JOB_STATE);
      expect((error as Error).message).toContain("'src[0] → sum[1]'");
    }
  });

  it('sends a partly filled batch on flush, without waiting for it to fill', async () => {
    const { sender, receiver } = channel(encoding, 1000);
    const seen: string[] = [];
    const subscription = receiver.subscribe((e) => seen.push(describeElement(e)));
    sender.push(new StreamRecord('x', 10));
    sender.flush();
    await expect.poll(() => seen).toEqual(['r"x"@10']);
    subscription.unsubscribe();
  });

  it('has one consumer: a second subscriber gets an error', async () => {
    const { receiver } = channel(encoding, 10);
    receiver.subscribe({ error: () => {} });
    await expect(lastValueFrom(receiver)).rejects.toMatchObject({ code: ErrorCodes.ILLEGAL_JOB_STATE });
  });
});

describe('batch size by bytes (binary)', () => {
  it('closes a batch once its encoded bytes reach maxBatchBytes', async () => {
    const { sender, receiver, received } = openExchange('bytes', { maxBatchRecords: 1000, maxBatchBytes: 100, maxInFlightBatches: 100 });
    const all = received();
    // Distinct strings (a repeated one would go by its dictionary index).
    for (let i = 0; i < 10; i++) sender.push(new StreamRecord(String(i).padEnd(40, 'x'), i));
    // Each record takes ~44 bytes: a batch closes at its third record.
    expect(sender.batchesSent).toBe(3);
    expect(sender.bytesSent).toBeGreaterThanOrEqual(300);
    sender.push(EndOfInput.INSTANCE);
    expect((await all).length).toBe(11);
    expect(receiver.stats.batches).toBe(4);
  });
});
