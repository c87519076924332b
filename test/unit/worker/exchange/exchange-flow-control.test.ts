import { lastValueFrom, tap, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { StreamElement } from '../../../../src/runtime/stream-element.js';
import { describeElement, seedStream, Watermark } from '../../../support/exchange-elements.js';
import { closeExchangesAfterEach, openExchange } from '../../../support/exchange-channels.js';

closeExchangesAfterEach();

function channel(maxInFlightBatches: number, maxBatchRecords: number) {
  return openExchange('slow', { maxBatchRecords, maxInFlightBatches });
}

/** Lets queued port messages (credits) arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('exchange flow control', () => {
  it('keeps at most K batches in flight and reports backpressure while the consumer is not reading, then recovers', async () => {
    const K = 3;
    const { sender, receiver } = channel(K, 10);
    const elements = [...seedStream(200, 25, 100)];
    let i = 0;
    // The consumer has not subscribed: no credit comes back. Push until the sender reports backpressure.
    while (!sender.isBackpressured) {
      sender.push(elements[i++]!);
      expect(sender.inFlight).toBeLessThanOrEqual(K);
    }
    await settle();
    expect(sender.inFlight).toBe(K);
    expect(sender.isBackpressured).toBe(true);
    // Keeps buffering (the source may still be mid-chunk), still at most K in flight.
    for (let n = 0; n < 30; n++) sender.push(elements[i++]!);
    expect(sender.inFlight).toBe(K);

    let writable = false;
    const whenWritable = sender.whenWritable().then(() => (writable = true));
    await settle();
    expect(writable).toBe(false);

    const received = lastValueFrom(receiver.pipe(toArray()));
    await whenWritable;
    expect(sender.isBackpressured).toBe(false);
    while (i < elements.length) {
      sender.push(elements[i++]!);
      expect(sender.inFlight).toBeLessThanOrEqual(K);
      if (sender.isBackpressured) await sender.whenWritable();
    }
    expect((await received).map(describeElement)).toEqual(elements.map(describeElement));
  });

  it('with a slow consumer, never exceeds K in flight, reports backpressure and delivers everything in order', async () => {
    const K = 2;
    const { sender, receiver } = channel(K, 50);
    const elements = [...seedStream(5000, 500, 2000)];
    // A slow operator: every watermark costs 2 ms of work.
    const received = lastValueFrom(
      receiver.pipe(
        tap((element) => {
          if (element instanceof Watermark) {
            const busyUntil = performance.now() + 2;
            while (performance.now() < busyUntil);
          }
        }),
        toArray(),
      ),
    );
    let maxInFlight = 0;
    let backpressured = 0;
    for (let start = 0; start < elements.length; start += 400) {
      for (const element of elements.slice(start, start + 400)) {
        sender.push(element);
        maxInFlight = Math.max(maxInFlight, sender.inFlight);
      }
      sender.flush();
      if (sender.isBackpressured) {
        backpressured++;
        await sender.whenWritable();
      }
    }
    expect(maxInFlight).toBe(K);
    expect(backpressured).toBeGreaterThan(0);
    expect((await received).map(describeElement)).toEqual(elements.map(describeElement));
  });

  it('sends a flushed batch as soon as credit returns when flush found none', async () => {
    const { sender, receiver } = channel(1, 1000);
    const seen: StreamElement[] = [];
    sender.push(new Watermark(1)); // uses the only credit
    sender.push(seedStream(1).next().value as StreamElement);
    sender.flush(); // no credit: the open batch waits
    expect(sender.batchesSent).toBe(1);
    receiver.subscribe((e) => seen.push(e));
    await expect.poll(() => seen.length).toBe(2);
    expect(sender.batchesSent).toBe(2);
  });
});
