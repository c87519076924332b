import { afterAll, describe, expect, it } from 'vitest';
import { filter, firstValueFrom, toArray } from 'rxjs';
import { spawnNodeWorker } from '../../../src/worker/node/spawn-node-worker.js';
import { runInWorkers } from '../../../src/worker/run-in-workers.js';
import type { WorkerJobApi } from '../../../src/worker/serve-worker.js';
import type { SpawnWorkerOptions, WorkerHandle } from '../../../src/worker/worker-handle.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { NodeStreamEnvironment } from '../../../src/node/node-stream-environment.js';
import { expectedCountLines, recordStatuses } from '../../support/counting-job.js';
import { tempDirectories } from '../../support/temp-directories.js';

const directories = tempDirectories('weir-workers-');
const spawned: WorkerHandle<WorkerJobApi>[] = [];
afterAll(async () => {
  for (const worker of spawned) await worker.terminate();
  await directories.removeAll();
});

function spawner(module: string, names: string[] = [], terminated: string[] = []) {
  return async (options: SpawnWorkerOptions) => {
    const worker = await spawnNodeWorker<WorkerJobApi>(new URL(module, import.meta.url), options);
    spawned.push(worker);
    names.push(options.name ?? '?');
    return {
      ...worker,
      terminate: () => {
        terminated.push(options.name ?? '?');
        return worker.terminate();
      },
    };
  };
}

describe('runInWorkers (Node worker_threads)', () => {
  it('keeps what the workers wrote before anyone subscribed to an output for its first subscriber', async () => {
    const job = await runInWorkers({
      worker: spawner('../../support/workers/node-pipeline-worker.ts'),
      workers: 2,
      pipeline: 'counts',
      params: { events: 3000, keys: 5 },
    });
    // Subscribing only after the job finished: every line it wrote has arrived, unseen.
    await expect(job.result).resolves.toMatchObject({ status: 'FINISHED' });
    const lines = await firstValueFrom(job.output$<string>('lines').pipe(toArray()));
    expect(lines.sort()).toEqual(expectedCountLines(3000, 5));
  });

  it('cancels a job whose parts are still starting: the stopped workers reject nothing unhandled', async () => {
    const terminated: string[] = [];
    const job = await runInWorkers({
      worker: spawner('../../support/workers/node-pipeline-worker.ts', [], terminated),
      workers: 2,
      pipeline: 'slowToBuild',
      params: { events: 100, keys: 3, buildMs: 400 },
    });
    // The parts are building (startPart() pending) when the job is cancelled and its workers terminated.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await job.cancel();
    await expect(job.result).resolves.toMatchObject({ status: 'CANCELED' });
    expect(terminated.sort()).toEqual(['slowToBuild-0', 'slowToBuild-1']);
    // Vitest fails the run on an unhandled rejection; give a late one the time to surface here.
    await new Promise((resolve) => setTimeout(resolve, 600));
  });

  it('spreads the keyed operators over two workers by key group and gives the results of one realm', async () => {
    const job = await runInWorkers({
      worker: spawner('../../support/workers/node-pipeline-worker.ts'),
      workers: 2,
      pipeline: 'counts',
      params: { events: 20_000, keys: 13 },
    });
    const lines = firstValueFrom(job.output$<string>('lines').pipe(toArray()));
    await expect(job.result).resolves.toMatchObject({ status: 'FINISHED' });
    expect((await lines).sort()).toEqual(expectedCountLines(20_000, 13));
  });

  it("reports each worker's exchange traffic once the job finished: every record sent was received", async () => {
    const job = await runInWorkers({
      worker: spawner('../../support/workers/node-pipeline-worker.ts'),
      workers: 2,
      pipeline: 'seed',
      params: { events: 20_000, parallelSource: true },
    });
    await expect(job.result).resolves.toMatchObject({ status: 'FINISHED' });
    const metrics = job.metrics();
    const [w0, w1] = [metrics['exchange (worker 0)']!, metrics['exchange (worker 1)']!];
    for (const w of [w0, w1]) {
      expect(w.recordsSent).toBeGreaterThan(0);
      expect(w.batchesSent).toBeGreaterThan(0);
      expect(w.bytesSent).toBeGreaterThan(w.recordsSent!);
    }
    // Seed records sent by generator subtask 0 are those of worker 1's key groups, and the other way round.
    expect(w0.recordsSent).toBe(w1.recordsReceived);
    expect(w1.recordsSent).toBe(w0.recordsReceived);
    expect(w0.recordsSent! + w1.recordsSent!).toBeLessThan(20_000);
  });

  it('starts N workers for N: worker 0 plans the job and runs its part, no extra planning worker', async () => {
    const names: string[] = [];
    const job = await runInWorkers({
      worker: spawner('../../support/workers/node-pipeline-worker.ts', names),
      workers: 2,
      pipeline: 'counts',
      params: { events: 2_000, keys: 5 },
    });
    await expect(job.result).resolves.toMatchObject({ status: 'FINISHED' });
    expect(names.sort()).toEqual(['counts-0', 'counts-1']);
  });

  it('stops every worker it started when planning fails', async () => {
    const names: string[] = [];
    const terminated: string[] = [];
    await expect(
      runInWorkers({ worker: spawner('../../support/workers/node-pipeline-worker.ts', names, terminated), workers: 2, pipeline: 'noSuchPipeline' }),
    ).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT });
    expect(terminated.sort()).toEqual(names.sort());
    expect(names).toHaveLength(2);
  });

  it('fails over when worker 0, the one that planned the job, crashes', async () => {
    const directory = await directories.make();
    const names: string[] = [];
    const job = await runInWorkers({
      worker: spawner('../../support/workers/node-crash-worker.ts', names),
      workers: 2,
      pipeline: 'crashesOnce',
      params: { events: 20_000, keys: 7, crashAt: 10_000, marker: `${directory}/crashed`, crashInWorkerZero: true },
      options: { restartStrategy: { type: 'fixed-delay', attempts: 2, delay: 0 }, sourceChunkSize: 50, timeSliceMs: 1 },
    });
    const statuses = recordStatuses(job);
    const lines = firstValueFrom(job.output$<string>('lines').pipe(toArray()));
    const failure = firstValueFrom(job.status$.pipe(filter((s) => s === 'RESTARTING')));
    await expect(job.result).resolves.toMatchObject({ status: 'FINISHED' });
    await failure;
    expect(statuses).toEqual(['RUNNING', 'RESTARTING', 'RUNNING', 'FINISHED']);
    // Two for the first attempt (worker 0 planned), two for the restart.
    expect(names.sort()).toEqual(['crashesOnce-0', 'crashesOnce-0', 'crashesOnce-1', 'crashesOnce-1']);
    expect(new Set(await lines)).toEqual(new Set(expectedCountLines(20_000, 7)));
  });

  it('checkpoints across workers into the filesystem and restores every worker after one crashes', async () => {
    const directory = await directories.make();
    const job = await runInWorkers({
      worker: spawner('../../support/workers/node-crash-worker.ts'),
      workers: 2,
      pipeline: 'crashesOnce',
      params: { events: 30_000, keys: 11, crashAt: 15_000, marker: `${directory}/crashed`, checkpoints: `${directory}/ckpt` },
      options: {
        checkpointing: { interval: 1 },
        restartStrategy: { type: 'fixed-delay', attempts: 2, delay: 0 },
        configuration: { stateBackend: 'filesystem', stateBackendOptions: { directory: `${directory}/ckpt` } },
        sourceChunkSize: 50,
        timeSliceMs: 1,
      },
      createEnvironment: (options) => NodeStreamEnvironment.create(options),
    });
    const statuses = recordStatuses(job);
    const lines = firstValueFrom(job.output$<string>('lines').pipe(toArray()));
    const restored = firstValueFrom(job.checkpoints$.pipe(filter((e) => e.type === 'restored')));
    await expect(job.result).resolves.toMatchObject({ status: 'FINISHED' });
    expect(statuses).toEqual(['RUNNING', 'RESTARTING', 'RUNNING', 'FINISHED']);
    expect(await restored).toMatchObject({ type: 'restored' });
    expect([...new Set(await lines)].sort()).toEqual(expectedCountLines(30_000, 11));
  });
});
