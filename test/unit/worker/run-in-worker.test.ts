import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { filter, firstValueFrom, skip, toArray } from 'rxjs';
import { spawnNodeWorker } from '../../../src/worker/node/spawn-node-worker.js';
import { runInWorker } from '../../../src/worker/run-in-worker.js';
import type { WorkerJobApi } from '../../../src/worker/serve-worker.js';
import type { WorkerHandle } from '../../../src/worker/worker-handle.js';
import { ConfigError } from '../../../src/errors/config-error.js';
import { UserFunctionError } from '../../../src/errors/user-function-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import { GatedSource } from '../../support/gated-source.js';
import { CountPerKey, countLine, expectedCountLines, numbered } from '../../support/counting-job.js';
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
    const statuses: string[] = [];
    job.status$.subscribe((s) => statuses.push(s));
    await expect(job.result).resolves.toMatchObject({ status: 'FINISHED' });
    expect((await lines).sort()).toEqual(expectedCountLines(5000, 7));
    expect(statuses.at(-1)).toBe('FINISHED');
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
