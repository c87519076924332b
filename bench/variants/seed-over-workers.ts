import type { WindowSum } from '../../demo/seed-pipeline.js';
import { runInWorkers, type DistributedJobClient } from '../../src/worker/run-in-workers.js';
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

/** A worker spawner, as `runInWorkers` takes it. */
type Spawn = (options: SpawnWorkerOptions) => Promise<WorkerHandle<WorkerJobApi>>;

/**
 * Runs the seed job (the `seed` pipeline of the test pipeline module, one
 * generator subtask per worker) over `workers` workers that `spawn` starts
 * (Node worker_threads or Web Workers), timing start-up apart from the job
 * (with the CPU seconds `cpuSeconds` reads, when given), and stops every
 * worker afterwards.
 */
export async function runSeedOverWorkers(events: number, workers: number, spawn: Spawn, cpuSeconds?: () => number): Promise<SeedOverWorkers> {
  return runJobs([{ workers, pipeline: 'seed', params: { events, parallelSource: true } }], spawn, cpuSeconds, ([job]) =>
    workerCounters(events, workers, job!.metrics()),
  );
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
export async function runSeedSharesApart(events: number, jobs: number, spawn: Spawn, cpuSeconds?: () => number): Promise<SeedOverWorkers> {
  const starts = Array.from({ length: jobs }, (_, index) => ({ workers: 1, pipeline: 'seedShare', params: { events, index, of: jobs } }));
  return runJobs(starts, spawn, cpuSeconds, () => ({}));
}

/**
 * Starts every job at once (each `runInWorkers` with its own workers from
 * `spawn`), counts and sums the window sums of all of them, waits for all to
 * finish and stops every worker. Start-up is timed until the last worker of
 * any job is ready.
 */
async function runJobs(
  starts: readonly { readonly workers: number; readonly pipeline: string; readonly params: unknown }[],
  spawn: Spawn,
  cpuSeconds: (() => number) | undefined,
  counters: (jobs: readonly DistributedJobClient[]) => Record<string, number>,
): Promise<SeedOverWorkers> {
  const spawned: WorkerHandle<WorkerJobApi>[] = [];
  const clock = new WorkerStartupClock(cpuSeconds);
  const worker = clock.wrap(async (options: SpawnWorkerOptions) => {
    const handle = await spawn(options);
    spawned.push(handle);
    return handle;
  });
  try {
    const jobs = await Promise.all(starts.map((start) => runInWorkers({ worker, ...start })));
    let resultCount = 0;
    let checksum = 0;
    for (const job of jobs) {
      job.output$<WindowSum>('sums').subscribe((r) => {
        resultCount++;
        checksum += r.sum;
      });
    }
    await Promise.all(jobs.map((job) => job.result));
    const timing = clock.finish();
    return { resultCount, checksum, counters: counters(jobs), timing };
  } finally {
    for (const handle of spawned) await handle.terminate();
  }
}
