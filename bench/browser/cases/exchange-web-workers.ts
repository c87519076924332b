import { DEFAULT_SWEEP, runBetweenPeers, runSweep } from '../../exchange/exchange-sweep.js';
import type { BrowserCase, Metrics } from '../browser-case.js';

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
      const rows = await runSweep(runBetweenPeers(producer, consumer, failed), {
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
