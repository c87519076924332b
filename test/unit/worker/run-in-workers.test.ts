import { afterAll, describe, expect, it } from 'vitest';
import { filter, firstValueFrom, toArray } from 'rxjs';
import { spawnNodeWorker } from '../../../src/worker/node/spawn-node-worker.js';
import { runInWorkers } from '../../../src/worker/run-in-workers.js';
import type { WorkerJobApi } from '../../../src/worker/serve-worker.js';
import type { SpawnWorkerOptions, WorkerHandle } from '../../../src/worker/worker-handle.js';
import { NodeStreamEnvironment } from '../../../src/node/node-stream-environment.js';
import { expectedCountLines } from '../../support/counting-job.js';
import { tempDirectories } from '../../support/temp-directories.js';

const directories = tempDirectories('weir-workers-');
const spawned: WorkerHandle<WorkerJobApi>[] = [];
afterAll(async () => {
  for (const worker of spawned) await worker.terminate();
  await directories.removeAll();
});

function spawner(module: string) {
  return async (options: SpawnWorkerOptions) => {
    const worker = await spawnNodeWorker<WorkerJobApi>(new URL(module, import.meta.url), options);
    spawned.push(worker);
    return worker;
  };
}

describe('runInWorkers (Node worker_threads)', () => {
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
    const statuses: string[] = [];
    job.status$.subscribe((s) => statuses.push(s));
    const lines = firstValueFrom(job.output$<string>('lines').pipe(toArray()));
    const restored = firstValueFrom(job.checkpoints$.pipe(filter((e) => e.type === 'restored')));
    await expect(job.result).resolves.toMatchObject({ status: 'FINISHED' });
    expect(statuses).toEqual(['RUNNING', 'RESTARTING', 'RUNNING', 'FINISHED']);
    expect(await restored).toMatchObject({ type: 'restored' });
    expect([...new Set(await lines)].sort()).toEqual(expectedCountLines(30_000, 11));
  });
});
