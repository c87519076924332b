import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, toArray } from 'rxjs';
import { spawnBrowserWorker } from '../../../src/worker/spawn-browser-worker.js';
import { runInWorker } from '../../../src/worker/run-in-worker.js';
import type { WorkerJobApi } from '../../../src/worker/serve-worker.js';
import type { WorkerHandle } from '../../../src/worker/worker-handle.js';
import { UserFunctionError } from '../../../src/errors/user-function-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { expectedCountLines, recordStatuses } from '../../support/counting-job.js';
import { testDatabases } from '../../support/indexeddb-databases.js';

const databases = testDatabases('weir-worker');
const workers: WorkerHandle<WorkerJobApi>[] = [];
afterEach(async () => {
  for (const worker of workers.splice(0)) await worker.terminate();
});
afterAll(() => databases.deleteAll());

async function spawn(): Promise<WorkerHandle<WorkerJobApi>> {
  // Written out at the call site, as a Vite app would, so Vite serves (and would bundle) the worker.
  const worker = await spawnBrowserWorker<WorkerJobApi>(
    new Worker(new URL('../../support/workers/browser-pipeline-worker.ts', import.meta.url), { type: 'module' }),
    { name: 'pipelines' },
  );
  workers.push(worker);
  return worker;
}

describe('runInWorker (Web Worker in Chromium)', () => {
  it('runs a pipeline in a Web Worker with exactly-once checkpoints into IndexedDB, streaming output to the page', async () => {
    const job = await runInWorker({
      worker: await spawn(),
      pipeline: 'counts',
      params: { events: 6000, keys: 9 },
      options: {
        parallelism: 2,
        configuration: { stateBackend: 'indexeddb', stateBackendOptions: { databaseName: databases.name() } },
        checkpointing: { interval: 5 },
        sourceChunkSize: 50,
      },
    });
    const lines = firstValueFrom(job.output$<string>('lines').pipe(toArray()));
    await expect(job.result).resolves.toMatchObject({ status: 'FINISHED' });
    expect((await lines).sort()).toEqual(expectedCountLines(6000, 9));
    expect(job.status).toBe('FINISHED');
  });

  it('rejects with the worker error as an instance of its class', async () => {
    const job = await runInWorker({ worker: await spawn(), pipeline: 'explodes', params: { at: 7 } });
    const error = await job.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFunctionError);
    expect(error).toMatchObject({ code: ErrorCodes.USER_FUNCTION_FAILED });
  });

  it('keeps the page responsive: no long task over 50 ms on the main thread while the worker runs the seed job', async () => {
    const longTasks: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(entry.duration);
    });
    observer.observe({ type: 'longtask', buffered: false });
    try {
      const job = await runInWorker({ worker: await spawn(), pipeline: 'seed', params: { events: 3_000_000 } });
      const sums = firstValueFrom(job.output$<{ sum: number }>('sums').pipe(toArray()));
      await job.result;
      expect((await sums).reduce((n, s) => n + s.sum, 0)).toBe(300);
      // Long-task entries are delivered asynchronously: let the observer catch up.
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(longTasks.filter((d) => d > 50)).toEqual([]);
    } finally {
      observer.disconnect();
    }
  });

  it('replaces a Web Worker that dies and resumes the job from IndexedDB', async () => {
    let spawned = 0;
    const job = await runInWorker({
      worker: async (options) => {
        const name = spawned++ === 0 ? 'crash-first' : 'healthy';
        const worker = await spawnBrowserWorker<WorkerJobApi>(
          new Worker(new URL('../../support/workers/browser-pipeline-worker.ts', import.meta.url), { type: 'module', name }),
          { ...options, name },
        );
        workers.push(worker);
        return worker;
      },
      pipeline: 'crashesInFirstWorker',
      params: { events: 20_000, keys: 7, crashAt: 15_000 },
      options: {
        configuration: { stateBackend: 'indexeddb', stateBackendOptions: { databaseName: databases.name() } },
        checkpointing: { interval: 1 },
        restartStrategy: { type: 'fixed-delay', attempts: 2, delay: 0 },
        sourceChunkSize: 20,
        timeSliceMs: 1,
      },
    });
    const statuses = recordStatuses(job);
    const lines = firstValueFrom(job.output$<string>('lines').pipe(toArray()));
    await expect(job.result).resolves.toMatchObject({ status: 'FINISHED' });
    expect(spawned).toBe(2);
    expect(statuses).toContain('RESTARTING');
    // At-least-once output across the crash; the counts themselves are exact.
    expect([...new Set(await lines)].sort()).toEqual(expectedCountLines(20_000, 7));
  });
});
