import { spawnNodeWorker } from '../../src/worker/node/spawn-node-worker.js';
import type { WorkerJobApi } from '../../src/worker/serve-worker.js';
import type { SeedResult } from '../seed-job.js';
import { compiledWorkerModule } from './compiled-worker-module.js';
import { runSeedOverWorkers, runSeedSharesApart } from './seed-over-workers.js';

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
  return runSeedOverWorkers(events, workers, (options) => spawnNodeWorker<WorkerJobApi>(module, options), processCpuSeconds);
}

/**
 * The seed job as `jobs` independent one-worker jobs over disjoint shares of
 * its events, side by side (`runSeedSharesApart`): the no-exchange ceiling
 * of {@link runSeedInWorkers} with as many workers, on this machine.
 */
export async function runSeedSharesInWorkers(events: number, jobs: number): Promise<SeedResult> {
  const module = await compiledWorkerModule();
  return runSeedSharesApart(events, jobs, (options) => spawnNodeWorker<WorkerJobApi>(module, options), processCpuSeconds);
}

function processCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
