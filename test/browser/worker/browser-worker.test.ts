import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { WorkerError } from '../../../src/errors/worker-error.js';
import { ManualClock } from '../../../src/time/manual-clock.js';
import { spawnBrowserWorker } from '../../../src/worker/spawn-browser-worker.js';
import { crashRecorder, describeWorkerApiCalls, expectWorkerFailed } from '../../support/worker-api-scenarios.js';
import type { ErrorApi } from '../../support/workers/error-api.js';

// Written out at each call site so vite serves the worker modules.
const apiWorkerUrl = new URL('../../support/workers/browser-api-worker.ts', import.meta.url);

const unhandled: unknown[] = [];
const onUnhandled = (event: PromiseRejectionEvent) => unhandled.push(event.reason);
beforeAll(() => window.addEventListener('unhandledrejection', onUnhandled));
afterAll(() => window.removeEventListener('unhandledrejection', onUnhandled));
afterEach(() => expect(unhandled).toEqual([]));

describeWorkerApiCalls('a module Web Worker', 'browser-api-worker.ts', () => spawnBrowserWorker<ErrorApi>(apiWorkerUrl));

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
    const recorder = crashRecorder();
    const worker = await spawnBrowserWorker<ErrorApi>(apiWorkerUrl, { name: 'task-1', onCrash: recorder.onCrash });
    const pending = (worker.remote.hang() as Promise<unknown>).catch((e: unknown) => e);
    // The crash may overtake the call's reply (they travel separately): only the crash report matters here.
    await worker.remote.crashSoon().catch(() => {});
    const crash = await recorder.firstCrash;
    expect(crash.code).toBe(ErrorCodes.WORKER_FAILED);
    expect(crash.message).toContain("Worker 'task-1'");
    expect(crash.message).toContain('crashed outside a call');
    expect((crash.cause as { code?: string }).code).toBe(ErrorCodes.STATE_CONFLICT);
    expect(await pending).toBeInstanceOf(WorkerError);
    await worker.terminate();
    expect(recorder.crashes).toHaveLength(1);
  });

  it('reports an unhandled rejection as a crash', async () => {
    const recorder = crashRecorder();
    const worker = await spawnBrowserWorker<ErrorApi>(apiWorkerUrl, { onCrash: recorder.onCrash });
    await worker.remote.rejectUnhandledSoon();
    expect((await recorder.firstCrash).message).toContain('nobody listened');
  });

  it('does not report its own terminate() as a crash, and rejects pending calls', async () => {
    const recorder = crashRecorder();
    const worker = await spawnBrowserWorker<ErrorApi>(apiWorkerUrl, { onCrash: recorder.onCrash });
    const pending = (worker.remote.hang() as Promise<unknown>).catch((e: unknown) => e);
    await worker.terminate();
    expect(((await pending) as WorkerError).message).toMatch(/was terminated/);
    expect(recorder.crashes).toEqual([]);
  });
});
