import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { UserFunctionError } from '../../../src/errors/user-function-error.js';
import { WorkerError } from '../../../src/errors/worker-error.js';
import { ManualClock } from '../../../src/time/manual-clock.js';
import { spawnBrowserWorker } from '../../../src/worker/spawn-browser-worker.js';
import type { WorkerHandle } from '../../../src/worker/worker-handle.js';
import { expectSameError } from '../../support/expect-same-error.js';
import type { ErrorApi } from '../../support/workers/error-api.js';
import { weirErrorSamples } from '../../support/workers/error-api.js';

// Written out at each call site so vite serves the worker modules.
const apiWorkerUrl = new URL('../../support/workers/browser-api-worker.ts', import.meta.url);

const unhandled: unknown[] = [];
const onUnhandled = (event: PromiseRejectionEvent) => unhandled.push(event.reason);
beforeAll(() => window.addEventListener('unhandledrejection', onUnhandled));
afterAll(() => window.removeEventListener('unhandledrejection', onUnhandled));
afterEach(() => expect(unhandled).toEqual([]));

async function expectWorkerFailed(start: Promise<unknown>, ...mentions: string[]): Promise<WorkerError> {
  const error = await start.then(
    () => expect.fail('the worker started'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkerError);
  expect((error as WorkerError).code).toBe(ErrorCodes.WORKER_FAILED);
  for (const mention of mentions) expect((error as WorkerError).message).toContain(mention);
  return error as WorkerError;
}

function firstCrash(): { onCrash: (error: WorkerError) => void; crashes: WorkerError[]; crashed: Promise<WorkerError> } {
  const crashes: WorkerError[] = [];
  let resolve!: (error: WorkerError) => void;
  const crashed = new Promise<WorkerError>((r) => (resolve = r));
  return { crashes, crashed, onCrash: (error) => (crashes.push(error), resolve(error)) };
}

describe('a module Web Worker', () => {
  let worker: WorkerHandle<ErrorApi>;
  beforeAll(async () => {
    worker = await spawnBrowserWorker<ErrorApi>(apiWorkerUrl);
  });
  afterAll(() => worker.terminate());

  it('answers calls once ready', async () => {
    expect(worker.name).toBe('browser-api-worker.ts');
    expect(await worker.remote.add(2, 3)).toBe(5);
  });

  for (const [kind, make] of Object.entries(weirErrorSamples())) {
    it(`rejects with a ${kind} that keeps its class, code, message and cause`, async () => {
      const error = await (worker.remote.throwWeirError(kind) as Promise<unknown>).catch((e: unknown) => e);
      expectSameError(error, make());
    });
  }

  it('keeps the operator uid of a UserFunctionError', async () => {
    const error = await (worker.remote.throwWeirError('UserFunctionError') as Promise<unknown>).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFunctionError);
    expect((error as UserFunctionError).operator).toBe('sum-per-user');
  });

  it('passes thrown non-error values as data', async () => {
    await expect(worker.remote.throwValue({ reason: 'not an error' })).rejects.toEqual({ reason: 'not an error' });
  });
});

describe('a Web Worker that fails to load', () => {
  it('rejects with WORKER_FAILED naming a missing module', async () => {
    await expectWorkerFailed(spawnBrowserWorker('/test/support/workers/no-such-worker.js'), 'no-such-worker.js');
  });

  it('rejects with WORKER_FAILED naming a module that does not parse', async () => {
    await expectWorkerFailed(
      spawnBrowserWorker(new URL('../../support/workers/syntax-error-worker.js', import.meta.url)),
      'syntax-error-worker.js',
    );
  });

  it('rejects with WORKER_FAILED and the message of a module that throws while imported', async () => {
    await expectWorkerFailed(
      spawnBrowserWorker(new URL('../../support/workers/throwing-worker.ts', import.meta.url)),
      'throwing-worker.ts',
      'thrown while importing throwing-worker',
    );
  });

  it('rejects with WORKER_FAILED when the module never exposes its API within the ready timeout', async () => {
    const clock = new ManualClock(0);
    const start = spawnBrowserWorker(new URL('../../support/workers/silent-worker.ts', import.meta.url), {
      clock,
      readyTimeout: 5_000,
    });
    clock.advanceBy(5_000);
    await expectWorkerFailed(start, 'silent-worker.ts', 'did not report ready within 5000 ms');
  });
});

describe('a Web Worker that fails after it was ready', () => {
  it('reports an uncaught error once, with its class, naming the worker, and rejects pending calls', async () => {
    const recorder = firstCrash();
    const worker = await spawnBrowserWorker<ErrorApi>(apiWorkerUrl, { name: 'task-1', onCrash: recorder.onCrash });
    const pending = (worker.remote.hang() as Promise<unknown>).catch((e: unknown) => e);
    // The crash may overtake the call's reply (they travel separately): only the crash report matters here.
    await worker.remote.crashSoon().catch(() => {});
    const crash = await recorder.crashed;
    expect(crash.code).toBe(ErrorCodes.WORKER_FAILED);
    expect(crash.message).toContain("Worker 'task-1'");
    expect(crash.message).toContain('crashed outside a call');
    expect((crash.cause as { code?: string }).code).toBe(ErrorCodes.STATE_CONFLICT);
    expect(await pending).toBeInstanceOf(WorkerError);
    await worker.terminate();
    expect(recorder.crashes).toHaveLength(1);
  });

  it('reports an unhandled rejection as a crash', async () => {
    const recorder = firstCrash();
    const worker = await spawnBrowserWorker<ErrorApi>(apiWorkerUrl, { onCrash: recorder.onCrash });
    await worker.remote.rejectUnhandledSoon();
    expect((await recorder.crashed).message).toContain('nobody listened');
  });

  it('does not report its own terminate() as a crash, and rejects pending calls', async () => {
    const recorder = firstCrash();
    const worker = await spawnBrowserWorker<ErrorApi>(apiWorkerUrl, { onCrash: recorder.onCrash });
    const pending = (worker.remote.hang() as Promise<unknown>).catch((e: unknown) => e);
    await worker.terminate();
    expect(((await pending) as WorkerError).message).toMatch(/was terminated/);
    expect(recorder.crashes).toEqual([]);
  });
});
