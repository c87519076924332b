/**
 * The exchange-between-threads scenarios, written once for both worker kinds:
 * `test/unit/worker/exchange/exchange-worker-threads.test.ts` (Node
 * worker_threads) and `test/browser/worker/exchange-web-worker.test.ts` (Web
 * Workers) each pass how to start a peer worker. Browser-safe: the global
 * `MessageChannel` is Node's worker_threads one under Node.
 */
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { ElementKind, type StreamElement, type StreamRecord } from '../../src/runtime/stream-element.js';
import { ExchangeReceiver } from '../../src/worker/exchange/exchange-receiver.js';
import { ExchangeSender } from '../../src/worker/exchange/exchange-sender.js';
import { describeElement, EndOfInput, seedStream, StreamRecord as Record } from './exchange-elements.js';
import type { PeerReport } from './workers/exchange-peer.js';

/** A started peer worker (running `workers/exchange-peer.ts`), as the platform's Worker gives it. */
export interface PeerWorker {
  /** Posts the setup message, transferring `transfer` (the ports in it). */
  postMessage(message: object, transfer: MessagePort[]): void;
  /** Calls `listener` when the worker fails. */
  onError(listener: (error: Error) => void): void;
  terminate(): unknown;
}

/** How one platform runs the scenarios. */
export interface ExchangeScenarioPlatform {
  /** Suite name, with `%s` for the encoding. */
  readonly suite: string;
  /** What the test's own thread is called in test and channel names: 'page', 'main thread'. */
  readonly here: string;
  /** Starts a fresh peer worker (terminated after each test). */
  spawnPeer(): PeerWorker;
}

const N = 20_000;

/** The shared exchange scenarios (produce with backpressure, relay of codec values, worker → worker), for both encodings. */
export function describeExchangeScenarios(platform: ExchangeScenarioPlatform): void {
  const { here } = platform;
  const workers: PeerWorker[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.terminate()));
  });

  /** Starts a peer worker with `setup`: resolves with its report; `stalled` when a producer first waits for credit. */
  function startPeer(setup: object, transfer: MessagePort[]): Promise<PeerReport> & { stalled: Promise<void> } {
    const worker = platform.spawnPeer();
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
      worker.onError(reject);
    });
    worker.postMessage({ ...setup, reply: reply.port2 }, [...transfer, reply.port2]);
    return Object.assign(report, { stalled: stall });
  }

  describe.each(['binary', 'structured-clone'] as const)(platform.suite, (encoding) => {
    it(`delivers what a worker pushes, in order, and backpressures it while the ${here} does not read`, async () => {
      const channel = new MessageChannel();
      const K = 3;
      const report = startPeer({ role: 'produce', output: channel.port1, records: N, encoding, maxInFlightBatches: K, maxBatchRecords: 256 }, [channel.port1]);
      // Subscribe only once the producer stalled at K batches in flight.
      await report.stalled;
      const receiver = new ExchangeReceiver({ port: channel.port2, channel: `worker → ${here}` });
      const received = await lastValueFrom(receiver.pipe(toArray()));
      expect(received.map(describeElement)).toEqual([...seedStream(N)].map(describeElement));
      const r = await report;
      expect(r).toMatchObject({ ok: true, maxInFlight: K });
      if (r.ok) expect(r.waits).toBeGreaterThan(0);
    });

    it(`carries codec values ${here} → worker → ${here} through a relay`, async () => {
      const toWorker = new MessageChannel();
      const fromWorker = new MessageChannel();
      const report = startPeer({ role: 'relay', input: toWorker.port2, output: fromWorker.port1, encoding }, [toWorker.port2, fromWorker.port1]);
      const sender = new ExchangeSender({ port: toWorker.port1, channel: `${here} → relay`, encoding, maxBatchRecords: 3 });
      const receiver = new ExchangeReceiver({ port: fromWorker.port2, channel: `relay → ${here}` });
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

    it(`connects two workers directly: producer → relay → ${here}`, async () => {
      const between = new MessageChannel();
      const toHere = new MessageChannel();
      const produced = startPeer({ role: 'produce', output: between.port1, records: N, encoding, maxInFlightBatches: 4, maxBatchRecords: 1024 }, [between.port1]);
      const relayed = startPeer({ role: 'relay', input: between.port2, output: toHere.port1, encoding }, [between.port2, toHere.port1]);
      const receiver = new ExchangeReceiver({ port: toHere.port2, channel: `relay → ${here}` });
      const received = await lastValueFrom(receiver.pipe(toArray()));
      expect(received.map(describeElement)).toEqual([...seedStream(N)].map(describeElement));
      expect(await produced).toMatchObject({ ok: true });
      expect(await relayed).toMatchObject({ ok: true });
    });
  });
}
