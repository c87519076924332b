import { seedPipeline } from '../../../demo/seed-pipeline.js';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import { IndexedDBStateBackend } from '../../../src/state/indexeddb/indexeddb-state-backend.js';
import { expectedSeedResult } from '../../seed-job.js';
import type { BrowserCase, CaseParams, Metrics } from '../browser-case.js';
import { deleteDatabase, uniqueDatabaseName } from './shared/indexeddb-database.js';
import { median } from '../../median.js';

/** One run of the seed job in the page. */
interface SeedRun {
  readonly eventsPerSec: number;
  /** Periodic checkpoints that completed during the run (savepoints excluded). */
  readonly completed: number;
  /**
   * Periodic checkpoints declined ('failed' events), in practice the one in
   * flight when the input ends. A counted failure would fail the job
   * (tolerableFailedCheckpoints is 0), and with it this case.
   */
  readonly declined: number;
  /** Trigger-to-durable time of each completed checkpoint, ms. */
  readonly durationsMs: readonly number[];
}

/**
 * Runs the seed job over `events` events at parallelism 1, as
 * `bench/variants/weir-seed.ts` does in Node; with `intervalMs`, with
 * exactly-once checkpoints into a fresh IndexedDB database (deleted after).
 * Throws when the sink's count or checksum is not the exact expected one.
 */
async function runSeed(events: number, intervalMs: number | undefined): Promise<SeedRun> {
  const databaseName = uniqueDatabaseName('seed');
  const t0 = performance.now();
  const env = StreamEnvironment.create({
    parallelism: 1,
    autoWatermarkInterval: 10,
    ...(intervalMs === undefined
      ? {}
      : { checkpointing: { interval: intervalMs, mode: 'exactly-once' as const }, stateBackend: new IndexedDBStateBackend({ databaseName }) }),
  });
  let resultCount = 0;
  let checksum = 0;
  seedPipeline(env, { events }).forEach((r) => {
    resultCount++;
    checksum += r.sum;
  });
  const job = env.execute(intervalMs === undefined ? 'seed job' : 'seed job, checkpointed');
  let declined = 0;
  const durationsMs: number[] = [];
  const subscription = job.checkpoints$.subscribe((event) => {
    if (event.type === 'completed' && !event.savepoint) durationsMs.push(event.durationMs);
    if (event.type === 'failed' && !event.savepoint) declined++;
  });
  try {
    await job.result;
  } finally {
    subscription.unsubscribe();
    if (intervalMs !== undefined) await deleteDatabase(databaseName);
  }
  const seconds = (performance.now() - t0) / 1000;
  const expected = expectedSeedResult(events);
  if (resultCount !== expected.resultCount || checksum !== expected.checksum) {
    throw new Error(
      `seed job ${intervalMs === undefined ? 'without' : 'with'} checkpoints: expected ${expected.resultCount} results with checksum ${expected.checksum}, ` +
        `got ${resultCount} with checksum ${checksum}`,
    );
  }
  return { eventsPerSec: events / seconds, completed: durationsMs.length, declined, durationsMs };
}

/**
 * The seed job without and with IndexedDB checkpoints, `rounds` times each,
 * alternating (plain first in even rounds, checkpointed first in odd ones)
 * after a warm-up of both; medians.
 */
async function run({ events, intervalMs, rounds, warmupEvents }: CaseParams): Promise<Metrics> {
  await runSeed(warmupEvents!, undefined);
  await runSeed(warmupEvents!, intervalMs);
  const plain: SeedRun[] = [];
  const checkpointed: SeedRun[] = [];
  for (let round = 0; round < rounds!; round++) {
    const order = round % 2 === 0 ? [undefined, intervalMs] : [intervalMs, undefined];
    for (const interval of order) (interval === undefined ? plain : checkpointed).push(await runSeed(events!, interval));
  }
  const plainRate = median(plain.map((r) => r.eventsPerSec));
  const checkpointedRate = median(checkpointed.map((r) => r.eventsPerSec));
  const durations = checkpointed.flatMap((r) => r.durationsMs);
  return {
    plainEventsPerSec: plainRate,
    checkpointedEventsPerSec: checkpointedRate,
    ratio: checkpointedRate / plainRate,
    completedCheckpoints: median(checkpointed.map((r) => r.completed)),
    declinedCheckpoints: checkpointed.reduce((sum, r) => sum + r.declined, 0),
    ...(durations.length === 0 ? {} : { checkpointMs: median(durations) }),
    rounds: rounds!,
  };
}

const idbSeedCheckpointed: BrowserCase = {
  name: 'idb-seed-checkpointed',
  description:
    'seed job in the page without vs with exactly-once checkpoints every intervalMs into IndexedDB; ' +
    'median events/s of each (alternating rounds), their ratio, completed checkpoints per run (median), ' +
    'declined ones over all runs (in flight when the input ended; a counted failure would fail the job)',
  // 10 M events: a run of ~4 s, so several 1 s checkpoints fall inside it (2 M finish before the first).
  defaultParams: { events: 10_000_000, intervalMs: 1000, rounds: 3, warmupEvents: 100_000 },
  targets: [
    { metric: 'ratio', atLeast: 0.9 },
    // A ratio over runs that took no checkpoint would measure nothing.
    { metric: 'completedCheckpoints', atLeast: 1 },
  ],
  timeoutSeconds: 600,
  run,
};

export default idbSeedCheckpointed;
