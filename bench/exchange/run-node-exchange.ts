/**
 * The exchange sweep over real worker_threads: a producer worker and a
 * consumer worker joined by a MessageChannel (the main thread only starts
 * runs and waits for both replies).
 */
import { Worker } from 'node:worker_threads';
import { runBetweenPeers, runSweep, type SweepOptions, type SweepRow } from './exchange-sweep.js';

const WORKER = new URL('./exchange-bench-node-worker.mjs', import.meta.url);

export async function runNodeExchangeSweep(options: SweepOptions, log: (line: string) => void): Promise<SweepRow[]> {
  const producer = new Worker(WORKER);
  const consumer = new Worker(WORKER);
  const failed = new Promise<never>((_, reject) => {
    producer.once('error', reject);
    consumer.once('error', reject);
  });
  try {
    // The global MessageChannel's ports are worker_threads ports under Node.
    const peer = (worker: Worker) => ({ postMessage: (message: object, transfer: MessagePort[]) => worker.postMessage(message, transfer as never) });
    return await runSweep(runBetweenPeers(peer(producer), peer(consumer), failed), options, log);
  } finally {
    await Promise.all([producer.terminate(), consumer.terminate()]);
  }
}
