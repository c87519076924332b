/**
 * The exchange sweep over real worker_threads: a producer worker and a
 * consumer worker joined by a MessageChannel (the main thread only starts
 * runs and waits for both replies).
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import type { BenchPeerReport } from './exchange-bench-peer.js';
import { runSweep, type RunParams, type SweepOptions, type SweepRow } from './exchange-sweep.js';

const WORKER = new URL('./exchange-bench-node-worker.mjs', import.meta.url);

function reply(port: InstanceType<typeof MessageChannel>['port1']): Promise<BenchPeerReport> {
  return new Promise((resolve) =>
    port.once('message', (report: BenchPeerReport) => {
      port.close();
      resolve(report);
    }),
  );
}

export async function runNodeExchangeSweep(options: SweepOptions, log: (line: string) => void): Promise<SweepRow[]> {
  const producer = new Worker(WORKER);
  const consumer = new Worker(WORKER);
  const failed = new Promise<never>((_, reject) => {
    producer.once('error', reject);
    consumer.once('error', reject);
  });
  try {
    const runOnce = async (params: RunParams) => {
      const data = new MessageChannel();
      const fromProducer = new MessageChannel();
      const fromConsumer = new MessageChannel();
      const replies = Promise.all([reply(fromProducer.port1), reply(fromConsumer.port1)]);
      const t0 = performance.now();
      consumer.postMessage({ ...params, role: 'consume', port: data.port2, reply: fromConsumer.port2 }, [data.port2, fromConsumer.port2]);
      producer.postMessage({ ...params, role: 'produce', port: data.port1, reply: fromProducer.port2 }, [data.port1, fromProducer.port2]);
      const [p, c] = await Promise.race([replies, failed]);
      return { seconds: (performance.now() - t0) / 1000, producer: p, consumer: c };
    };
    return await runSweep(runOnce, options, log);
  } finally {
    await Promise.all([producer.terminate(), consumer.terminate()]);
  }
}
