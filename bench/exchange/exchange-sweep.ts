/**
 * The exchange benchmark's sweep, shared by Node (worker_threads) and the
 * browser (Web Workers): every record shape × batch size × encoding, the
 * encodings alternating within each repeat so that machine noise hits both
 * alike; medians over the repeats. Platform-neutral: the caller supplies
 * {@link RunOnce}, which times one producer-worker → consumer-worker run.
 */
import type { ExchangeEncoding } from '../../src/worker/exchange/exchange-message.js';
import type { BenchPeerReport } from './exchange-bench-peer.js';
import type { RecordShape } from './exchange-records.js';

/** One run's parameters. */
export interface RunParams {
  readonly shape: RecordShape;
  readonly encoding: ExchangeEncoding;
  readonly batchRecords: number;
  readonly records: number;
  readonly maxInFlightBatches: number;
}

/** Times one run, from posting the setups to both replies. */
export type RunOnce = (params: RunParams) => Promise<{ seconds: number; producer: BenchPeerReport; consumer: BenchPeerReport }>;

/** A started peer worker (running `exchange-bench-peer.ts`), as the platform's Worker gives it. */
export interface SweepPeer {
  /** Posts a run's setup, transferring `transfer` (the ports in it). */
  postMessage(message: object, transfer: MessagePort[]): void;
}

/** Resolves with the first report posted on `port`, then closes it. */
function reply(port: MessagePort): Promise<BenchPeerReport> {
  return new Promise((resolve) => {
    port.onmessage = (event: MessageEvent<BenchPeerReport>) => {
      port.close();
      resolve(event.data);
    };
  });
}

/**
 * The {@link RunOnce} of both platforms: joins `producer` and `consumer` by
 * a fresh MessageChannel (the global one is worker_threads' under Node), posts
 * both setups and waits for both replies, or rejects with `failed`.
 */
export function runBetweenPeers(producer: SweepPeer, consumer: SweepPeer, failed: Promise<never>): RunOnce {
  return async (params) => {
    const data = new MessageChannel();
    const fromProducer = new MessageChannel();
    const fromConsumer = new MessageChannel();
    const replies = Promise.all([reply(fromProducer.port1), reply(fromConsumer.port1)]);
    const t0 = performance.now();
    consumer.postMessage({ ...params, role: 'consume', port: data.port2, reply: fromConsumer.port2 }, [data.port2, fromConsumer.port2]);
    producer.postMessage({ ...params, role: 'produce', port: data.port1, reply: fromProducer.port2 }, [data.port1, fromProducer.port2]);
    const [producerReport, consumerReport] = await Promise.race([replies, failed]);
    return { seconds: (performance.now() - t0) / 1000, producer: producerReport, consumer: consumerReport };
  };
}

export interface SweepOptions {
  readonly batchSizes: readonly number[];
  readonly shapes: readonly RecordShape[];
  readonly encodings: readonly ExchangeEncoding[];
  /** Records per run, by shape. */
  readonly records: Readonly<Record<RecordShape, number>>;
  readonly repeat: number;
  readonly maxInFlightBatches: number;
}

export const DEFAULT_SWEEP: SweepOptions = {
  batchSizes: [64, 256, 1024, 4096],
  shapes: ['seed', 'big'],
  encodings: ['binary', 'structured-clone'],
  records: { seed: 500_000, big: 100_000 },
  repeat: 3,
  maxInFlightBatches: 4,
};

/** One row of the result: medians over the repeats. */
export interface SweepRow {
  readonly shape: RecordShape;
  readonly encoding: ExchangeEncoding;
  readonly batchRecords: number;
  readonly recordsPerSec: number;
  readonly batchesPerSec: number;
  /** Encoded bytes per second (binary only; NaN for structured clone, whose size is not observable). */
  readonly mbPerSec: number;
  readonly bytesPerRecord: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/** Runs the sweep; `log` gets one line per finished run. */
export async function runSweep(runOnce: RunOnce, options: SweepOptions, log: (line: string) => void = () => {}): Promise<SweepRow[]> {
  // Warm-up: every shape and encoding once, small.
  for (const shape of options.shapes) {
    for (const encoding of options.encodings) {
      await runOnce({ shape, encoding, batchRecords: 1024, records: Math.min(50_000, options.records[shape]), maxInFlightBatches: options.maxInFlightBatches });
    }
  }
  const samples = new Map<string, { seconds: number[]; batches: number; bytes: number; records: number }>();
  for (let rep = 0; rep < options.repeat; rep++) {
    for (const shape of options.shapes) {
      for (const batchRecords of options.batchSizes) {
        for (const encoding of rep % 2 === 0 ? options.encodings : [...options.encodings].reverse()) {
          const records = options.records[shape];
          const { seconds, producer, consumer } = await runOnce({ shape, encoding, batchRecords, records, maxInFlightBatches: options.maxInFlightBatches });
          if (producer.error !== undefined || consumer.error !== undefined) throw new Error(producer.error ?? consumer.error);
          if (consumer.records !== records) throw new Error(`${shape}/${encoding}/${batchRecords}: the consumer got ${consumer.records} of ${records} records`);
          const key = `${shape}|${encoding}|${batchRecords}`;
          const entry = samples.get(key) ?? { seconds: [], batches: producer.batches, bytes: producer.bytes, records };
          entry.seconds.push(seconds);
          samples.set(key, entry);
          log(`  ${shape} ${encoding} batch ${batchRecords}: ${Math.round(records / seconds).toLocaleString('en')} records/s`);
        }
      }
    }
  }
  const rows: SweepRow[] = [];
  for (const [key, entry] of samples) {
    const [shape, encoding, batch] = key.split('|') as [RecordShape, ExchangeEncoding, string];
    const seconds = median(entry.seconds);
    rows.push({
      shape,
      encoding,
      batchRecords: Number(batch),
      recordsPerSec: entry.records / seconds,
      batchesPerSec: entry.batches / seconds,
      mbPerSec: encoding === 'binary' ? entry.bytes / seconds / 1e6 : Number.NaN,
      bytesPerRecord: encoding === 'binary' ? entry.bytes / entry.records : Number.NaN,
    });
  }
  return rows;
}

/** The sweep as a text table, with binary's speed-up over structured clone per shape and batch size. */
export function formatSweep(title: string, rows: readonly SweepRow[]): string {
  const lines = [title, 'shape  batch  encoding          records/s    batches/s   MB/s   B/record  binary÷clone'];
  const find = (shape: string, batch: number, encoding: string) => rows.find((r) => r.shape === shape && r.batchRecords === batch && r.encoding === encoding);
  for (const row of rows) {
    const other = find(row.shape, row.batchRecords, 'structured-clone');
    const ratio = row.encoding === 'binary' && other !== undefined ? (row.recordsPerSec / other.recordsPerSec).toFixed(2) : '';
    lines.push(
      [
        row.shape.padEnd(5),
        String(row.batchRecords).padStart(6),
        row.encoding.padEnd(16),
        Math.round(row.recordsPerSec).toLocaleString('en').padStart(11),
        Math.round(row.batchesPerSec).toLocaleString('en').padStart(11),
        (Number.isNaN(row.mbPerSec) ? '—' : row.mbPerSec.toFixed(1)).padStart(6),
        (Number.isNaN(row.bytesPerRecord) ? '—' : row.bytesPerRecord.toFixed(1)).padStart(9),
        ratio.padStart(12),
      ].join('  '),
    );
  }
  return lines.join('\n');
}
