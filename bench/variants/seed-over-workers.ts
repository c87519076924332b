import type { WindowSum } from '../../demo/seed-pipeline.js';
import { runInWorkers } from '../../src/worker/run-in-workers.js';
import type { WorkerJobApi } from '../../src/worker/serve-worker.js';
import type { SpawnWorkerOptions, WorkerHandle } from '../../src/worker/worker-handle.js';
import type { SeedResult } from '../seed-job.js';
import { workerCounters } from './worker-counters.js';
import { WorkerStartupClock, type WorkerRunTiming } from './worker-startup-clock.js';

/** What one run of the seed job over workers gives: its result, per-worker counters and timing. */
export interface SeedOverWorkers extends SeedResult {
  readonly counters: Record<string, number>;
  readonly timing: WorkerRunTiming;
}

/**
 * Runs the seed job (the `seed` pipeline of the test pipeline module, one
 * generator subtask per worker) over `workers` workers that `spawn` starts
 * (Node worker_threads or Web Workers), timing start-up apart from the job
 * (with the CPU seconds `cpuSeconds` reads, when given), and stops every
 * worker afterwards.
 */
export async function runSeedOverWorkers(
  events: number,
  workers: number,
  spawn: (options: SpawnWorkerOptions) => Promise<WorkerHandle<WorkerJobApi>>,
  cpuSeconds?: () => number,
): Promise<SeedOverWorkers> {
  const spawned: WorkerHandle<WorkerJobApi>[] = [];
  const clock = new WorkerStartupClock(cpuSeconds);
  try {
    const job = await runInWorkers({
      worker: clock.wrap(async (options) => {
        const worker = await spawn(options);
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
