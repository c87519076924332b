/**
 * The worker side of the exchange benchmark, for Node worker_threads and
 * browser Web Workers alike (browser-safe). A peer serves many runs: each
 * message is a {@link BenchPeerSetup} with fresh ports, so worker start-up
 * is never timed.
 *
 * - `produce`: pushes `records` records of `shape` into an ExchangeSender
 *   in chunks of 1 000 (flush after each, wait while backpressured), then
 *   end of input; replies with what the sender counted.
 * - `consume`: subscribes an ExchangeReceiver; replies with the records and
 *   batches delivered once end of input arrived.
 */
import type { ExchangeEncoding } from '../../src/worker/exchange/exchange-message.js';
import type { ExchangePort } from '../../src/worker/exchange/exchange-port.js';
import { ExchangeReceiver } from '../../src/worker/exchange/exchange-receiver.js';
import { ExchangeSender } from '../../src/worker/exchange/exchange-sender.js';
import { ElementKind, EndOfInput, StreamRecord } from '../../src/runtime/stream-element.js';
import { benchValue, type RecordShape } from './exchange-records.js';

export interface BenchPeerSetup {
  readonly role: 'produce' | 'consume';
  readonly port: ExchangePort;
  readonly reply: ExchangePort;
  readonly encoding: ExchangeEncoding;
  readonly shape: RecordShape;
  readonly records: number;
  readonly batchRecords: number;
  readonly maxInFlightBatches: number;
}

/** What a peer replies after its run. */
export interface BenchPeerReport {
  readonly records: number;
  readonly batches: number;
  /** Bytes of the binary batches (0 for structured clone). */
  readonly bytes: number;
  readonly error?: string;
}

const CHUNK = 1000;

async function produce(setup: BenchPeerSetup): Promise<BenchPeerReport> {
  const sender = new ExchangeSender({
    port: setup.port,
    channel: 'bench',
    encoding: setup.encoding,
    maxBatchRecords: setup.batchRecords,
    // Byte limit out of the way: the sweep is over record counts.
    maxBatchBytes: 1 << 30,
    maxInFlightBatches: setup.maxInFlightBatches,
  });
  for (let i = 0; i < setup.records; i++) {
    sender.push(new StreamRecord(benchValue(setup.shape, i), i));
    if ((i + 1) % CHUNK === 0) {
      sender.flush();
      if (sender.isBackpressured) await sender.whenWritable();
    }
  }
  sender.push(EndOfInput.INSTANCE);
  return { records: sender.recordsSent, batches: sender.batchesSent, bytes: sender.bytesSent };
}

function consume(setup: BenchPeerSetup): Promise<BenchPeerReport> {
  const receiver = new ExchangeReceiver({ port: setup.port, channel: 'bench' });
  let records = 0;
  return new Promise((resolve, reject) => {
    receiver.subscribe({
      next: (element) => {
        if (element.kind === ElementKind.Record) records++;
      },
      error: reject,
      complete: () => resolve({ records, batches: receiver.stats.batches, bytes: 0 }),
    });
  });
}

/** Runs one benchmark role and replies on `setup.reply`. */
export async function runBenchPeer(setup: BenchPeerSetup): Promise<void> {
  let report: BenchPeerReport;
  try {
    report = setup.role === 'produce' ? await produce(setup) : await consume(setup);
  } catch (error) {
    report = { records: 0, batches: 0, bytes: 0, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  setup.reply.postMessage(report, []);
  setup.reply.close();
}
