import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { StateError } from '../../../src/errors/state-error.js';
import { WorkerError } from '../../../src/errors/worker-error.js';
import { ManualClock } from '../../../src/time/manual-clock.js';
import { spawnNodeWorker } from '../../../src/worker/node/spawn-node-worker.js';
import { tempDirectories } from '../../support/temp-directories.js';
import { crashRecorder, describeWorkerApiCalls, expectWorkerFailed } from '../../support/worker-api-scenarios.js';
import type { NodeApi } from '../../support/workers/node-api-worker.js';

const workers = (file: string) => new URL(`../../support/workers/${file}`, import.meta.url);
const apiWorker = workers('node-api-worker.ts');

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => void process.off('unhandledRejection', onUnhandled));
afterEach(() => expect(unhandled).toEqual([]));

describeWorkerApiCalls('a TypeScript worker module in a worker_threads Worker', 'node-api-worker.ts', () => spawnNodeWorker<NodeApi>(apiWorker));

describe('a worker that fails to load', () => {
  const temp = tempDirectories();
  afterAll(() => temp.removeAll());

  it('rejects with WORKER_FAILED naming a missing TypeScript module', async () => {
    const error = await expectWorkerFailed(spawnNodeWorker(workers('no-such-worker.ts')), 'no-such-worker.ts');
    expect(String((error.cause as Error).message)).toContain('no-such-worker');
  });

  it('rejects with WORKER_FAILED naming a missing JavaScript module', async () => {
    await expectWorkerFailed(spawnNodeWorker(workers('no-such-worker.mjs')), 'no-such-worker.mjs');
  });

  it('rejects with WORKER_FAILED and the SyntaxError for a JavaScript module that does not parse', async () => {
    const error = await expectWorkerFailed(spawnNodeWorker(workers('syntax-error-worker.js')), 'syntax-error-worker.js');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('rejects with WORKER_FAILED for a TypeScript module that does not compile', async () => {
    const directory = await temp.make();
    await writeFile(join(directory, 'package.json'), '{ "type": "module" }');
    await writeFile(join(directory, 'broken-worker.ts'), 'export const broken: number = {;\n');
    const error = await expectWorkerFailed(spawnNodeWorker(join(directory, 'broken-worker.ts')), 'broken-worker.ts');
    expect(error.message).toContain('Expected identifier');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('rejects with WORKER_FAILED and the thrown error for a module that throws while imported', async () => {
    const error = await expectWorkerFailed(spawnNodeWorker(workers('throwing-worker.ts')), 'throwing-worker.ts', 'thrown while importing');
    expect((error.cause as Error).message).toBe('thrown while importing throwing-worker');
  });

  it('rejects with WORKER_FAILED for a module that exits before it is ready', async () => {
    await expectWorkerFailed(spawnNodeWorker(workers('exiting-worker.ts')), 'exiting-worker.ts', 'exited with code 3');
  });

  it('rejects with WORKER_FAILED when the module never exposes its API within the ready timeout', async () => {
    const clock = new ManualClock(0);
    const start = spawnNodeWorker(workers('silent-worker.ts'), { clock, readyTimeout: 5_000, name: 'silent' });
    clock.advanceBy(5_000);
    await expectWorkerFailed(start, "'silent'", 'silent-worker.ts', 'did not report ready within 5000 ms');
  });

  it('refuses a relative path with a ConfigError', async () => {
    await expect(spawnNodeWorker('./worker.js')).rejects.toThrow(ConfigError);
  });
});

describe('a compiled JavaScript worker module', () => {
  it('runs directly, without the tsx bootstrap', async () => {
    const worker = await spawnNodeWorker<{ greet(name: string): string }>(workers('plain-node-worker.mjs'));
    expect(await worker.remote.greet('weir')).toBe('hello weir');
    await worker.terminate();
  });
});

describe('a worker that dies after it was ready', () => {
  it('reports an uncaught error once, naming the worker, and rejects pending calls', async () => {
    const recorder = crashRecorder();
    const worker = await spawnNodeWorker<NodeApi>(apiWorker, { name: 'task-3', onCrash: recorder.onCrash });
    const pending = (worker.remote.hang() as Promise<unknown>).catch((e: unknown) => e);
    // The crash may overtake the call's reply (they travel separately): only the crash report matters here.
    await worker.remote.crashSoon().catch(() => {});
    const crash = await recorder.firstCrash;
    expect(crash).toBeInstanceOf(WorkerError);
    expect(crash.code).toBe(ErrorCodes.WORKER_FAILED);
    expect(crash.message).toContain("Worker 'task-3'");
    expect(crash.message).toContain('crashed outside a call');
    const rejection = await pending;
    expect(rejection).toBeInstanceOf(WorkerError);
    expect((rejection as WorkerError).message).toBe(crash.message);
    await expect(worker.remote.add(1, 1)).rejects.toThrow(WorkerError);
    await worker.terminate();
    expect(recorder.crashes).toHaveLength(1);
  });

  it('reports an unhandled rejection as a crash', async () => {
    const recorder = crashRecorder();
    const worker = await spawnNodeWorker<NodeApi>(apiWorker, { onCrash: recorder.onCrash });
    await worker.remote.rejectUnhandledSoon();
    expect((await recorder.firstCrash).message).toContain('nobody listened');
  });

  it('reports process.exit once, with the exit code', async () => {
    const recorder = crashRecorder();
    const worker = await spawnNodeWorker<NodeApi>(apiWorker, { name: 'exits', onCrash: recorder.onCrash });
    await worker.remote.exitSoon(7);
    const crash = await recorder.firstCrash;
    expect(crash.message).toContain("Worker 'exits'");
    expect(crash.message).toContain('exited with code 7');
    await worker.terminate();
    expect(recorder.crashes).toHaveLength(1);
  });

  it('does not report its own terminate() as a crash, and rejects calls made after it', async () => {
    const recorder = crashRecorder();
    const worker = await spawnNodeWorker<NodeApi>(apiWorker, { onCrash: recorder.onCrash });
    const pending = (worker.remote.hang() as Promise<unknown>).catch((e: unknown) => e);
    await worker.terminate();
    await worker.terminate();
    expect(await pending).toBeInstanceOf(WorkerError);
    expect(((await pending) as WorkerError).message).toMatch(/was terminated/);
    await expect(worker.remote.add(1, 2)).rejects.toThrow(WorkerError);
    expect(recorder.crashes).toEqual([]);
  });
});

describe('the cause of a crash', () => {
  it('is the error the worker threw, with its message and code', async () => {
    const recorder = crashRecorder();
    const worker = await spawnNodeWorker<NodeApi>(apiWorker, { onCrash: recorder.onCrash });
    // The crash may overtake the call's reply (they travel separately): only the crash report matters here.
    await worker.remote.crashSoon().catch(() => {});
    const crash = await recorder.firstCrash;
    expect((crash.cause as Error).message).toBe('crashed outside a call');
    // Node itself clones the uncaught error; its class is not guaranteed, its message and code are.
    expect((crash.cause as StateError).code).toBe(ErrorCodes.STATE_CONFLICT);
  });
});
