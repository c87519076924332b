import { afterAll, describe, expect, it } from 'vitest';
import { firstValueFrom, skip, toArray } from 'rxjs';
import { spawnBrowserWorker } from '../../../src/worker/spawn-browser-worker.js';
import { runInWorkers } from '../../../src/worker/run-in-workers.js';
import type { WorkerJobApi } from '../../../src/worker/serve-worker.js';
import type { SpawnWorkerOptions, WorkerHandle } from '../../../src/worker/worker-handle.js';
import { expectedCountLines } from '../../support/counting-job.js';
import { testDatabases } from '../../support/indexeddb-databases.js';

const databases = testDatabases('weir-workers');
const spawned: WorkerHandle<WorkerJobApi>[] = [];
afterAll(async () => {
  for (const worker of spawned) await worker.terminate();
  await databases.deleteAll();
});

async function spawn(options: SpawnWorkerOptions): Promise<WorkerHandle<WorkerJobApi>> {
  const worker = await spawnBrowserWorker<WorkerJobApi>(
    new Worker(new URL('../../support/workers/browser-pipeline-worker.ts', import.meta.url), { type: 'module', name: options.name ?? 'part' }),
    options,
  );
  spawned.push(worker);
  return worker;
}

describe('runInWorkers (Web Workers in Chromium)', () => {
  it('spreads a checkpointed job over two Web Workers with IndexedDB and gives exact results', async () => {
    const job = await runInWorkers({
      worker: spawn,
      workers: 2,
      pipeline: 'counts',
      params: { events: 20_000, keys: 13 },
      options: {
        checkpointing: { interval: 2 },
        configuration: { stateBackend: 'indexeddb', stateBackendOptions: { databaseName: databases.name() } },
        sourceChunkSize: 100,
      },
    });
    const lines = firstValueFrom(job.output$<string>('lines').pipe(toArray()));
    await expect(job.result).resolves.toMatchObject({ status: 'FINISHED' });
    expect((await lines).sort()).toEqual(expectedCountLines(20_000, 13));
  });

  it('restores a savepoint of two workers into three', async () => {
    const databaseName = databases.name();
    const options = { configuration: { stateBackend: 'indexeddb' as const, stateBackendOptions: { databaseName } } };
    const first = await runInWorkers({ worker: spawn, workers: 2, pipeline: 'counts', params: { events: 9_000, keys: 17, holdAt: 4_000 }, options });
    const before: string[] = [];
    first.output$<string>('lines').subscribe((line) => before.push(line));
    await firstValueFrom(first.output$<string>('lines').pipe(skip(3_999)));
    const savepoint = await first.stopWithSavepoint();
    await first.result;
    const second = await runInWorkers({
      worker: spawn,
      workers: 3,
      pipeline: 'counts',
      params: { events: 9_000, keys: 17 },
      options: { ...options, restore: { from: savepoint.bytes } },
    });
    const after = firstValueFrom(second.output$<string>('lines').pipe(toArray()));
    await second.result;
    expect([...before, ...(await after)].sort()).toEqual(expectedCountLines(9_000, 17));
  });
});
