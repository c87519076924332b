import { spawnNodeWorker } from '../../src/worker/node/spawn-node-worker.js';
import { runInWorkers } from '../../src/worker/run-in-workers.js';
import type { WorkerJobApi } from '../../src/worker/serve-worker.js';
import type { WorkerHandle } from '../../src/worker/worker-handle.js';
import type { WindowSum } from '../../demo/seed-pipeline.js';
import type { SeedResult } from '../seed-job.js';
import { workerCounters } from './worker-counters.js';

const MODULE = new URL('../../test/support/workers/node-pipeline-worker.ts', import.meta.url);

/**
 * The seed job spread over `workers` worker_threads by key group
 * (`runInWorkers`): one generator subtask per worker (each generates every
 * n-th event), the window sums in every worker, records of other workers'
 * key groups cross in batches.
 * Worker start-up is inside the timed run. Reports per-worker counters
 * (window subtask input, exchange batches, records and bytes sent).
 */
export async function runSeedInWorkers(events: number, workers: number): Promise<SeedResult> {
  const spawned: WorkerHandle<WorkerJobApi>[] = [];
  try {
    const job = await runInWorkers({
      worker: async (options) => {
        const worker = await spawnNodeWorker<WorkerJobApi>(MODULE, options);
        spawned.push(worker);
        return worker;
      },
      workers,
      pipeline: 'seed',
      params: { events, parallelSource: true },
    });
    let resultCount = 0;
    let checksum = 0;
    job.output$<WindowSum>('sums').subscribe((r) => {
      resultCount++;
      checksum += r.sum;
    });
    await job.result;
    return { resultCount, checksum, counters: workerCounters(events, workers, job.metrics()) };
  } finally {
    for (const worker of spawned) await worker.terminate();
  }
}
