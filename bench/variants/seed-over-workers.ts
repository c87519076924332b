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

/**
 * The ceiling of {@link runSeedOverWorkers} on this machine: the seed job
 * split into `jobs` independent jobs (one share of the events each, disjoint
 * keys, so together exactly the seed job's results), each in one worker of
 * its own, all at once. No record crosses between workers, so this is what
 * `jobs` workers reach at best here: the parallel job's speed over this one's
 * is what its exchange costs. Timed as {@link runSeedOverWorkers}: the job
 * part starts once every worker of every job is ready.
 */
export async function runSeedSharesApart(
  events: number,
  jobs: number,
  spawn: (options: SpawnWorkerOptions) => Promise<WorkerHandle<WorkerJobApi>>,
  cpuSeconds?: () => number,
): Promise<SeedOverWorkers> {
  const spawned: WorkerHandle<WorkerJobApi>[] = [];
  const clock = new WorkerStartupClock(cpuSeconds);
  try {
    const started = await Promise.all(
      Array.from({ length: jobs }, (_, index) =>
        runInWorkers({
          worker: clock.wrap(async (options) => {
            const worker = await spawn(options);
            spawned.push(worker);
            return worker;
          }),
          workers: 1,
          pipeline: 'seedShare',
          params: { events, index, of: jobs },
        }),
      ),
    );
    let resultCount = 0;
    let checksum = 0;
    for (const job of started) {
      job.output$<WindowSum>('sums').subscribe((r) => {
        resultCount++;
        checksum += r.sum;
      });
    }
    await Promise.all(started.map((job) => job.result));
    const timing = clock.finish();
    return { resultCount, checksum, counters: {}, timing };
  } finally {
    for (const worker of spawned) await worker.terminate();
  }
}
