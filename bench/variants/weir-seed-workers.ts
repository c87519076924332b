import { spawnNodeWorker } from '../../src/worker/node/spawn-node-worker.js';
import { runInWorkers } from '../../src/worker/run-in-workers.js';
import type { WorkerJobApi } from '../../src/worker/serve-worker.js';
import type { WorkerHandle } from '../../src/worker/worker-handle.js';
import type { WindowSum } from '../../demo/seed-pipeline.js';
import type { SeedResult } from '../seed-job.js';
import { compiledWorkerModule } from './compiled-worker-module.js';
import { workerCounters } from './worker-counters.js';
import { WorkerStartupClock } from './worker-startup-clock.js';

/**
 * The seed job spread over `workers` worker_threads by key group
 * (`runInWorkers`): one generator subtask per worker (each generates every
 * n-th event), the window sums in every worker, records of other workers'
 * key groups cross in batches.
 * The workers load the pipeline module compiled to JavaScript (as shipped
 * code does, no tsx in the workers; compiled before the clock starts). The
 * run reports its timing split: start-up (spawn until every worker is
 * ready, planning included) and the job (all ready → finished), which the
 * report's events/s is measured over, with the CPU time the process (all
 * threads) spent in that part. Reports per-worker counters (window
 * subtask input, exchange batches, records and bytes sent).
 */
export async function runSeedInWorkers(events: number, workers: number): Promise<SeedResult> {
  const module = await compiledWorkerModule();
  const spawned: WorkerHandle<WorkerJobApi>[] = [];
  const clock = new WorkerStartupClock(() => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  });
  try {
    const job = await runInWorkers({
      worker: clock.wrap(async (options) => {
        const worker = await spawnNodeWorker<WorkerJobApi>(module, options);
        spawned.push(worker);
        return worker;
      }),
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
    const timing = clock.finish();
    return { resultCount, checksum, counters: workerCounters(events, workers, job.metrics()), timing };
  } finally {
    for (const worker of spawned) await worker.terminate();
  }
}
