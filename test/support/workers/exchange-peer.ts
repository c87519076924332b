/**
 * The worker side of the exchange tests, for both worker kinds: a Node
 * worker_threads worker (`exchange-peer-node-worker.mjs`) and a browser Web
 * Worker (`exchange-peer-web-worker.ts`). Browser-safe: no node:* imports.
 *
 * - `produce`: pushes the seed stream (records, watermarks, barriers, end of
 *   input) into an ExchangeSender on `output` in chunks, as the runtime
 *   would (flush, then wait while backpressured), and reports how many
 *   batches were ever in flight and how often it had to wait.
 * - `relay`: forwards everything an ExchangeReceiver on `input` delivers to
 *   an ExchangeSender on `output`.
 */
import type { ExchangeEncoding } from '../../../src/worker/exchange/exchange-message.js';
import type { ExchangePort } from '../../../src/worker/exchange/exchange-port.js';
import { ExchangeReceiver } from '../../../src/worker/exchange/exchange-receiver.js';
import { ExchangeSender } from '../../../src/worker/exchange/exchange-sender.js';
import { seedStream } from '../exchange-elements.js';

export interface ProduceSetup {
  readonly role: 'produce';
  readonly output: ExchangePort;
  readonly reply: ExchangePort;
  readonly records: number;
  readonly encoding: ExchangeEncoding;
  readonly maxInFlightBatches: number;
  readonly maxBatchRecords: number;
}

export interface RelaySetup {
  readonly role: 'relay';
  readonly input: ExchangePort;
  readonly output: ExchangePort;
  readonly reply: ExchangePort;
  readonly encoding: ExchangeEncoding;
}

/** What the peer reports on `reply` when its part is done (a producer first posts `{ stalled: true }` when it waits for credit). */
export type PeerReport =
  | { readonly ok: true; readonly maxInFlight: number; readonly waits: number; readonly batchesSent: number }
  | { readonly ok: false; readonly error: string };

export type PeerSetup = ProduceSetup | RelaySetup;

const CHUNK = 500;

async function produce(setup: ProduceSetup): Promise<PeerReport> {
  const sender = new ExchangeSender({
    port: setup.output,
    channel: 'peer producer',
    encoding: setup.encoding,
    maxInFlightBatches: setup.maxInFlightBatches,
    maxBatchRecords: setup.maxBatchRecords,
  });
  let maxInFlight = 0;
  let waits = 0;
  let n = 0;
  for (const element of seedStream(setup.records)) {
    sender.push(element);
    if (sender.inFlight > maxInFlight) maxInFlight = sender.inFlight;
    if (++n % CHUNK === 0) {
      sender.flush();
      if (sender.isBackpressured) {
        // Tells the test the consumer's absence was felt (so it needs no timed sleep to see backpressure).
        if (waits === 0) setup.reply.postMessage({ stalled: true }, []);
        waits++;
        await sender.whenWritable();
      }
    }
  }
  return { ok: true, maxInFlight, waits, batchesSent: sender.batchesSent };
}

function relay(setup: RelaySetup): Promise<PeerReport> {
  const sender = new ExchangeSender({ port: setup.output, channel: 'peer relay out', encoding: setup.encoding });
  const receiver = new ExchangeReceiver({ port: setup.input, channel: 'peer relay in' });
  let flushing = false;
  return new Promise((resolve) => {
    receiver.subscribe({
      next: (element) => {
        sender.push(element);
        // One batch arrives per message: flush once it has all been pushed.
        if (!flushing) {
          flushing = true;
          queueMicrotask(() => {
            flushing = false;
            sender.flush();
          });
        }
      },
      error: (error: unknown) => resolve({ ok: false, error: String(error) }),
      complete: () => resolve({ ok: true, maxInFlight: sender.inFlight, waits: 0, batchesSent: sender.batchesSent }),
    });
  });
}

/** Runs one peer role and reports on its `reply` port. */
export async function runExchangePeer(setup: PeerSetup): Promise<void> {
  let report: PeerReport;
  try {
    report = setup.role === 'produce' ? await produce(setup) : await relay(setup);
  } catch (error) {
    report = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  setup.reply.postMessage(report, []);
  setup.reply.close();
}
