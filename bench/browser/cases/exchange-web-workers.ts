import type { BenchPeerReport } from '../../exchange/exchange-bench-peer.js';
import { DEFAULT_SWEEP, runSweep, type RunParams } from '../../exchange/exchange-sweep.js';
import type { BrowserCase, Metrics } from '../browser-case.js';

function reply(port: MessagePort): Promise<BenchPeerReport> {
  return new Promise((resolve) => {
    port.onmessage = (event: MessageEvent<BenchPeerReport>) => {
      port.close();
      resolve(event.data);
    };
  });
}

/**
 * The exchange sweep (bench/exchange) between two Web Workers: records of
 * the seed shape and a bigger object, binary codec vs structured clone,
 * batch sizes 64/256/1024/4096. Metrics are named
 * `<shape>.<encoding>.<batch>.<metric>`.
 */
const exchangeWebWorkers: BrowserCase = {
  name: 'exchange-web-workers',
  description: 'cross-worker exchange, Web Worker → Web Worker: records/s by encoding and batch size',
  defaultParams: { repeat: DEFAULT_SWEEP.repeat, recordsSeed: DEFAULT_SWEEP.records.seed, recordsBig: DEFAULT_SWEEP.records.big },
  timeoutSeconds: 600,
  async run(params): Promise<Metrics> {
    const url = new URL('../../exchange/exchange-bench-web-worker.ts', import.meta.url);
    const producer = new Worker(url, { type: 'module' });
    const consumer = new Worker(url, { type: 'module' });
    const failed = new Promise<never>((_, reject) => {
      producer.onerror = (event) => reject(new Error(`producer worker: ${event.message}`));
      consumer.onerror = (event) => reject(new Error(`consumer worker: ${event.message}`));
    });
    try {
      const runOnce = async (p: RunParams) => {
        const data = new MessageChannel();
        const fromProducer = new MessageChannel();
        const fromConsumer = new MessageChannel();
        const replies = Promise.all([reply(fromProducer.port1), reply(fromConsumer.port1)]);
        const t0 = performance.now();
        consumer.postMessage({ ...p, role: 'consume', port: data.port2, reply: fromConsumer.port2 }, [data.port2, fromConsumer.port2]);
        producer.postMessage({ ...p, role: 'produce', port: data.port1, reply: fromProducer.port2 }, [data.port1, fromProducer.port2]);
        const [producerReport, consumerReport] = await Promise.race([replies, failed]);
        return { seconds: (performance.now() - t0) / 1000, producer: producerReport, consumer: consumerReport };
      };
      const rows = await runSweep(runOnce, {
        ...DEFAULT_SWEEP,
        repeat: params.repeat!,
        records: { seed: params.recordsSeed!, big: params.recordsBig! },
      });
      const metrics: Metrics = {};
      for (const row of rows) {
        const prefix = `${row.shape}.${row.encoding}.${row.batchRecords}`;
        metrics[`${prefix}.recordsPerSec`] = Math.round(row.recordsPerSec);
        metrics[`${prefix}.batchesPerSec`] = Math.round(row.batchesPerSec);
        if (!Number.isNaN(row.mbPerSec)) {
          metrics[`${prefix}.mbPerSec`] = Number(row.mbPerSec.toFixed(2));
          metrics[`${prefix}.bytesPerRecord`] = Number(row.bytesPerRecord.toFixed(1));
        }
      }
      return metrics;
    } finally {
      producer.terminate();
      consumer.terminate();
    }
  },
};
export default exchangeWebWorkers;
