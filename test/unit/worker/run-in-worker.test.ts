import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { filter, firstValueFrom, skip, toArray } from 'rxjs';
import { spawnNodeWorker } from '../../../src/worker/node/spawn-node-worker.js';
import { runInWorker } from '../../../src/worker/run-in-worker.js';
import { runInNodeWorker } from '../../../src/node/run-in-node-worker.js';
import type { WorkerJobApi } from '../../../src/worker/serve-worker.js';
import type { WorkerHandle } from '../../../src/worker/worker-handle.js';
import { ConfigError } from '../../../src/errors/config-error.js';
import { UserFunctionError } from '../../../src/errors/user-function-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import { GatedSource } from '../../support/gated-source.js';
import { CountPerKey, countLine, expectedCountLines, numbered, recordStatuses } from '../../support/counting-job.js';
import { tempDirectories } from '../../support/temp-directories.js';

const MODULE = new URL('../../support/workers/node-pipeline-worker.ts', import.meta.url);
const workers: WorkerHandle<WorkerJobApi>[] = [];
const directories = tempDirectories('weir-worker-');
afterEach(async () => {
  for (const worker of workers.splice(0)) await worker.terminate();
});
afterAll(() => directories.removeAll());

async function spawn(): Promise<WorkerHandle<WorkerJobApi>> {
  const worker = await spawnNodeWorker<WorkerJobApi>(MODULE, { name: 'pipelines' });
  workers.push(worker);
  return worker;
}

describe('runInWorker (Node worker_threads)', () => {
  it('runs a pipeline defined in a module inside a worker and streams its output to the main thread', async () => {
    const job = await runInWorker({ worker: await spawn(), pipeline: 'counts', params: { events: 5000, keys: 7 } });
    const lines = firstValueFrom(job.output$<string>('lines').pipe(toArray()));
    const statuses = recordStatuses(job);
    await expect(job.result).resolves.toMatchObject({ status: 'FINISHED' });
    expect((await lines).sort()).toEqual(expectedCountLines(5000, 7));
    expect(statuses.at(-1)).toBe('FINISHED');
  });

  it('keeps what the worker wrote before anyone subscribed to an output for its first subscriber', async () => {
    const job = await runInWorker({ worker: await spawn(), pipeline: 'counts', params: { events: 2000, keys: 3 } });
    await expect(job.result).resolves.toMatchObject({ status: 'FINISHED' });
    const lines = await firstValueFrom(job.output$<string>('lines').pipe(toArray()));
    expect(lines.sort()).toEqual(expectedCountLines(2000, 3));
  });

  it('rejects with the worker error as an instance of its class, naming the operator', async () => {
    const job = await runInWorker({ worker: await spawn(), pipeline: 'explodes', params: { at: 42 } });
    const error = await job.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFunctionError);
    expect(error).toMatchObject({ code: ErrorCodes.USER_FUNCTION_FAILED, message: expect.stringContaining("'explode'") });
    expect((error as Error).cause).toBeInstanceOf(RangeError);
  });

  it('refuses a pipeline name the worker does not serve, listing the ones it does', async () => {
    const error = await runInWorker({ worker: await spawn(), pipeline: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT, message: expect.stringContaining("'counts'") });
  });

  it('checkpoints inside the worker to the filesystem and hands a savepoint the main thread restores', async () => {
    const directory = await directories.make();
    const job = await runInWorker({
      worker: await spawn(),
      pipeline: 'counts',
      params: { events: 3000, keys: 5, holdAt: 1200 },
      options: {
        parallelism: 2,
        configuration: { stateBackend: 'filesystem', stateBackendOptions: { directory } },
        checkpointing: { interval: 3_600_000 },
      },
    });
    const lines: string[] = [];
    job.output$<string>('lines').subscribe((line) => lines.push(line));
    const completed = firstValueFrom(job.checkpoints$.pipe(filter((e) => e.type === 'completed')));
    // The worker's source holds at record 1200: wait until every line before it arrived.
    await firstValueFrom(job.output$<string>('lines').pipe(skip(1199)));
    const checkpoint = await job.triggerCheckpoint();
    expect(await completed).toMatchObject({ checkpointId: checkpoint.checkpointId, savepoint: false });
    const savepoint = await job.stopWithSavepoint();
    expect(savepoint.bytes).toBeInstanceOf(Uint8Array);
    await job.result;
    expect(job.checkpointStats().counts.completed).toBe(2);

    // The savepoint taken in the worker restores in the main thread and finishes the count.
    const env = StreamEnvironment.create({ parallelism: 3, restore: { from: savepoint.bytes } });
    const rest = env
      .fromSource(new GatedSource(3000, (i) => numbered(i, 5)))
      .uid('numbers')
      .keyBy((r) => r.key)
      .process(new CountPerKey())
      .uid('count')
      .map(countLine)
      .collect();
    await env.execute().result;
    expect([...lines, ...rest.values].sort()).toEqual(expectedCountLines(3000, 5));
  });

  it('refuses a savepoint once the job in the worker has ended, with the error class intact', async () => {
    const job = await runInWorker({ worker: await spawn(), pipeline: 'counts', params: { events: 10, keys: 2 } });
    await job.result;
    const error = await job.triggerSavepoint().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCodes.ILLEGAL_JOB_STATE });
    expect(error).toBeInstanceOf(Error);
  });
});

describe('worker failover (Node worker_threads)', () => {
  it('replaces a crashed worker and resumes from the latest checkpoint in the filesystem, its dead lock released', async () => {
    const directory = await directories.make();
    const crashModule = new URL('../../support/workers/node-crash-worker.ts', import.meta.url);
    const spawned: WorkerHandle<WorkerJobApi>[] = [];
    const job = await runInNodeWorker({
      worker: async (options) => {
        const worker = await spawnNodeWorker<WorkerJobApi>(crashModule, { ...options, name: `crashy-${spawned.length}` });
        spawned.push(worker);
        workers.push(worker);
        return worker;
      },
      pipeline: 'crashesOnce',
      params: { events: 20_000, keys: 11, crashAt: 10_000, marker: `${directory}/crashed`, checkpoints: `${directory}/ckpt` },
      options: {
        checkpointing: { interval: 1 },
        restartStrategy: { type: 'fixed-delay', attempts: 2, delay: 0 },
        configuration: { stateBackend: 'filesystem', stateBackendOptions: { directory: `${directory}/ckpt` } },
        sourceChunkSize: 20,
        timeSliceMs: 1,
      },
    });
    const statuses = recordStatuses(job);
    const lines = firstValueFrom(job.output$<string>('lines').pipe(toArray()));
    const restored = firstValueFrom(job.checkpoints$.pipe(filter((e) => e.type === 'restored')));
    await expect(job.result).resolves.toMatchObject({ status: 'FINISHED' });
    expect(spawned).toHaveLength(2);
    expect(statuses).toContain('RESTARTING');
    expect(await restored).toMatchObject({ type: 'restored', savepoint: false });
    // Output is at-least-once across a crash (records after the checkpoint come again); the counts are exact.
    expect([...new Set(await lines)].sort()).toEqual(expectedCountLines(20_000, 11));
  });

  it('fails the job with the crash when the restart strategy allows no restart', async () => {
    const directory = await directories.make();
    const job = await runInWorker({
      worker: (options) => spawnNodeWorker<WorkerJobApi>(new URL('../../support/workers/node-crash-worker.ts', import.meta.url), options),
      pipeline: 'crashesOnce',
      params: { events: 2_000, keys: 3, crashAt: 1_000, marker: `${directory}/crashed` },
    });
    const error = await job.result.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCodes.WORKER_FAILED });
    expect(job.status).toBe('FAILED');
  });
});
