import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { ElementKind, type StreamElement, type StreamRecord } from '../../../src/runtime/stream-element.js';
import { ExchangeReceiver } from '../../../src/worker/exchange/exchange-receiver.js';
import { ExchangeSender } from '../../../src/worker/exchange/exchange-sender.js';
import { describeElement, EndOfInput, seedStream, StreamRecord as Record } from '../../support/exchange-elements.js';
import type { PeerReport } from '../../support/workers/exchange-peer.js';

const workers: Worker[] = [];
afterEach(() => {
  for (const w of workers.splice(0)) w.terminate();
});

/** Starts a peer Web Worker with `setup`: resolves with its report; `stalled` when a producer first waits for credit. */
function startPeer(setup: object, transfer: Transferable[]): Promise<PeerReport> & { stalled: Promise<void> } {
  const worker = new Worker(new URL('../../support/workers/exchange-peer-web-worker.ts', import.meta.url), { type: 'module' });
  workers.push(worker);
  const reply = new MessageChannel();
  let stalled!: () => void;
  const stall = new Promise<void>((resolve) => (stalled = resolve));
  const report = new Promise<PeerReport>((resolve, reject) => {
    reply.port1.onmessage = (event: MessageEvent<PeerReport | { stalled: true }>) => {
      if ('stalled' in event.data) return stalled();
      reply.port1.close();
      resolve(event.data);
    };
    worker.onerror = (event) => reject(new Error(event.message));
  });
  worker.postMessage({ ...setup, reply: reply.port2 }, [...transfer, reply.port2]);
  return Object.assign(report, { stalled: stall });
}

const N = 20_000;

describe.each(['binary', 'structured-clone'] as const)('an exchange between a page and a Web Worker (%s)', (encoding) => {
  it('delivers what a worker pushes, in order, and backpressures it while the page does not read', async () => {
    const channel = new MessageChannel();
    const K = 3;
    const report = startPeer({ role: 'produce', output: channel.port1, records: N, encoding, maxInFlightBatches: K, maxBatchRecords: 256 }, [channel.port1]);
    await report.stalled;
    const receiver = new ExchangeReceiver({ port: channel.port2, channel: 'worker → page' });
    const received = await lastValueFrom(receiver.pipe(toArray()));
    expect(received.map(describeElement)).toEqual([...seedStream(N)].map(describeElement));
    const r = await report;
    expect(r).toMatchObject({ ok: true, maxInFlight: K });
    if (r.ok) expect(r.waits).toBeGreaterThan(0);
  });

  it('carries codec values page → worker → page through a relay', async () => {
    const toWorker = new MessageChannel();
    const fromWorker = new MessageChannel();
    const report = startPeer({ role: 'relay', input: toWorker.port2, output: fromWorker.port1, encoding }, [toWorker.port2, fromWorker.port1]);
    const sender = new ExchangeSender({ port: toWorker.port1, channel: 'page → relay', encoding, maxBatchRecords: 3 });
    const receiver = new ExchangeReceiver({ port: fromWorker.port2, channel: 'relay → page' });
    const received = lastValueFrom(receiver.pipe(toArray()));
    const values: unknown[] = [
      { key: 'Tuple 1', value: 1, timestamp: 1 }, new Map([[1n, new Set(['a'])]]), new Date(5), new Float32Array([1.5]),
      [undefined, null, -0, Number.NaN], 'lone \uDC00', -(2n ** 70n),
    ];
    values.forEach((value, i) => sender.push(new Record(value, i * 1000)));
    sender.push(EndOfInput.INSTANCE);
    const out = (await received).filter((e: StreamElement): e is StreamRecord<unknown> => e.kind === ElementKind.Record);
    expect(out.map((r) => r.value)).toStrictEqual(values);
    expect(out.map((r) => r.timestamp)).toEqual(values.map((_, i) => i * 1000));
    expect(await report).toMatchObject({ ok: true });
  });

  it('connects two Web Workers directly: producer → relay → page', async () => {
    const between = new MessageChannel();
    const toPage = new MessageChannel();
    const produced = startPeer({ role: 'produce', output: between.port1, records: N, encoding, maxInFlightBatches: 4, maxBatchRecords: 1024 }, [between.port1]);
    const relayed = startPeer({ role: 'relay', input: between.port2, output: toPage.port1, encoding }, [between.port2, toPage.port1]);
    const receiver = new ExchangeReceiver({ port: toPage.port2, channel: 'relay → page' });
    const received = await lastValueFrom(receiver.pipe(toArray()));
    expect(received.map(describeElement)).toEqual([...seedStream(N)].map(describeElement));
    expect(await produced).toMatchObject({ ok: true });
    expect(await relayed).toMatchObject({ ok: true });
  });
});
