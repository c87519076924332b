import { MessageChannel, Worker } from 'node:worker_threads';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { ElementKind, type StreamElement, type StreamRecord } from '../../../../src/runtime/stream-element.js';
import { ExchangeReceiver } from '../../../../src/worker/exchange/exchange-receiver.js';
import { ExchangeSender } from '../../../../src/worker/exchange/exchange-sender.js';
import { describeElement, EndOfInput, seedStream, StreamRecord as Record } from '../../../support/exchange-elements.js';
import type { PeerReport } from '../../../support/workers/exchange-peer.js';

const WORKER = new URL('../../../support/workers/exchange-peer-node-worker.mjs', import.meta.url);
const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
});

/** Starts a peer worker with `setup`: resolves `report` with its report, `stalled` when a producer first waits for credit. */
function startPeer(setup: object, transfer: MessagePortLike[]): Promise<PeerReport> & { stalled: Promise<void> } {
  const worker = new Worker(WORKER);
  workers.push(worker);
  const reply = new MessageChannel();
  let stalled!: () => void;
  const stall = new Promise<void>((resolve) => (stalled = resolve));
  const report = new Promise<PeerReport>((resolve, reject) => {
    reply.port1.on('message', (r: PeerReport | { stalled: true }) => {
      if ('stalled' in r) return stalled();
      reply.port1.close();
      resolve(r);
    });
    worker.once('error', reject);
  });
  worker.postMessage({ ...setup, reply: reply.port2 }, [...transfer, reply.port2] as never);
  return Object.assign(report, { stalled: stall });
}
type MessagePortLike = InstanceType<typeof MessageChannel>['port1'];

const N = 20_000;

describe.each(['binary', 'structured-clone'] as const)('an exchange across worker_threads (%s)', (encoding) => {
  it('delivers what a producer worker pushes, in order, and backpressures it while the main thread does not read', async () => {
    const channel = new MessageChannel();
    const K = 3;
    const report = startPeer({ role: 'produce', output: channel.port1, records: N, encoding, maxInFlightBatches: K, maxBatchRecords: 256 }, [channel.port1]);
    // Subscribe only once the producer stalled at K batches in flight.
    await report.stalled;
    const receiver = new ExchangeReceiver({ port: channel.port2, channel: 'worker → main' });
    const received = await lastValueFrom(receiver.pipe(toArray()));
    const expected = [...seedStream(N)].map(describeElement);
    expect(received.map(describeElement)).toEqual(expected);
    const r = await report;
    expect(r).toMatchObject({ ok: true });
    if (!r.ok) return;
    expect(r.maxInFlight).toBe(K);
    expect(r.waits).toBeGreaterThan(0);
  });

  it('carries codec values main → worker → main through a relay', async () => {
    const toWorker = new MessageChannel();
    const fromWorker = new MessageChannel();
    const report = startPeer({ role: 'relay', input: toWorker.port2, output: fromWorker.port1, encoding }, [toWorker.port2, fromWorker.port1]);
    const sender = new ExchangeSender({ port: toWorker.port1, channel: 'main → relay', encoding, maxBatchRecords: 3 });
    const receiver = new ExchangeReceiver({ port: fromWorker.port2, channel: 'relay → main' });
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

  it('connects two workers directly: producer worker → relay worker → main', async () => {
    const between = new MessageChannel();
    const toMain = new MessageChannel();
    const produced = startPeer({ role: 'produce', output: between.port1, records: N, encoding, maxInFlightBatches: 4, maxBatchRecords: 1024 }, [between.port1]);
    const relayed = startPeer({ role: 'relay', input: between.port2, output: toMain.port1, encoding }, [between.port2, toMain.port1]);
    const receiver = new ExchangeReceiver({ port: toMain.port2, channel: 'relay → main' });
    const received = await lastValueFrom(receiver.pipe(toArray()));
    expect(received.map(describeElement)).toEqual([...seedStream(N)].map(describeElement));
    expect(await produced).toMatchObject({ ok: true });
    expect(await relayed).toMatchObject({ ok: true });
  });
});
