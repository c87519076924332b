/**
 * What the Node and browser worker tests (`test/unit/worker/node-worker.test.ts`,
 * `test/browser/worker/browser-worker.test.ts`) share: the calls-and-errors
 * suite against a worker exposing {@link errorApi}, and the helpers for
 * start-up failures and crashes. Browser-safe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/config-error.js';
import { ErrorCodes } from '../../src/errors/error-codes.js';
import { UserFunctionError } from '../../src/errors/user-function-error.js';
import { WorkerError } from '../../src/errors/worker-error.js';
import type { WorkerHandle } from '../../src/worker/worker-handle.js';
import { expectSameError } from './expect-same-error.js';
import { weirErrorSamples, type ErrorApi } from './workers/error-api.js';

/**
 * Calls into a worker exposing the error API (spawned once for the suite by
 * `spawn`, named `name`): answers, and rejections that keep their class,
 * code, message, cause and data.
 */
export function describeWorkerApiCalls(suite: string, name: string, spawn: () => Promise<WorkerHandle<ErrorApi>>): void {
  describe(suite, () => {
    let worker: WorkerHandle<ErrorApi>;
    beforeAll(async () => {
      worker = await spawn();
    });
    afterAll(() => worker.terminate());

    it('answers calls once ready', async () => {
      expect(worker.name).toBe(name);
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
      expect((error as UserFunctionError).cause).toBeInstanceOf(TypeError);
    });

    it('keeps the class of an async rejection', async () => {
      await expect(worker.remote.rejectAsync()).rejects.toThrow(ConfigError);
    });

    it('passes thrown non-error values as data', async () => {
      await expect(worker.remote.throwValue({ reason: 'not an error' })).rejects.toEqual({ reason: 'not an error' });
      await expect(worker.remote.throwValue('a string')).rejects.toBe('a string');
      await expect(worker.remote.throwFunction()).rejects.toMatch(/^\[function/);
    });

    it('answers after a cyclic cause', async () => {
      await expect(worker.remote.throwCyclicCause()).rejects.toThrow('loops');
    });
  });
}

/** Expects `start` to reject with a WORKER_FAILED WorkerError whose message mentions each of `mentions`; returns it. */
export async function expectWorkerFailed(start: Promise<unknown>, ...mentions: string[]): Promise<WorkerError> {
  const error = await start.then(
    () => expect.fail('the worker started'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkerError);
  expect((error as WorkerError).code).toBe(ErrorCodes.WORKER_FAILED);
  for (const mention of mentions) expect((error as WorkerError).message).toContain(mention);
  return error as WorkerError;
}

/** An `onCrash` that resolves `firstCrash` with the first WorkerError given, and keeps every one (to check "once"). */
export function crashRecorder(): { onCrash: (error: WorkerError) => void; crashes: WorkerError[]; firstCrash: Promise<WorkerError> } {
  const crashes: WorkerError[] = [];
  let first!: (error: WorkerError) => void;
  const firstCrash = new Promise<WorkerError>((resolve) => (first = resolve));
  return {
    crashes,
    firstCrash,
    onCrash: (error) => {
      crashes.push(error);
      first(error);
    },
  };
}
