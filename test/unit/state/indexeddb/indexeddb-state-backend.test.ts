import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { IndexedDBStateBackend } from '../../../../src/state/indexeddb/indexeddb-state-backend.js';
import { acquireInProcessLock } from '../../../../src/state/indexeddb/storage-lock.js';

const job = { jobId: 'j', jobName: 'n' };

async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('IndexedDBStateBackend in plain Node', () => {
  it('imports and constructs without touching indexedDB', () => {
    expect((globalThis as { indexedDB?: unknown }).indexedDB).toBeUndefined();
    expect(new IndexedDBStateBackend({ databaseName: 'orders' }).name).toBe('indexeddb');
  });

  it('rejects createCheckpointStorage with STATE_BACKEND_UNAVAILABLE, saying IndexedDB is missing and what to use', async () => {
    const error = await configError(new IndexedDBStateBackend({ databaseName: 'orders' }).createCheckpointStorage(job));
    expect(error.code).toBe(ErrorCodes.STATE_BACKEND_UNAVAILABLE);
    expect(error.message).toContain('no IndexedDB');
    expect(error.message).toContain('fake-indexeddb');
    expect(error.message).toContain('FileSystemStateBackend');
  });

  it('with a factory passed but no IndexedDB classes installed, says to install them', async () => {
    const factory = { open: () => undefined } as unknown as IDBFactory;
    const error = await configError(new IndexedDBStateBackend({ databaseName: 'orders', indexedDB: factory }).createCheckpointStorage(job));
    expect(error.code).toBe(ErrorCodes.STATE_BACKEND_UNAVAILABLE);
    expect(error.message).toContain('fake-indexeddb/auto');
  });

  it.each([
    [{ databaseName: '' }, 'databaseName'],
    [{ databaseName: 3 }, 'databaseName'],
    [{ databaseName: 'x', indexedDB: {} }, 'indexedDB'],
    [{ databaseName: 'x', indexedDB: 'idb' }, 'indexedDB'],
  ])('rejects options %j with a ConfigError naming %s', (options, option) => {
    let error: unknown;
    try {
      new IndexedDBStateBackend(options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe(ErrorCodes.INVALID_ARGUMENT);
    expect((error as ConfigError).message).toContain(option);
  });
});

describe('the storage lock without Web Locks (in-process fallback)', () => {
  it('is exclusive per factory and name, and free again after release', async () => {
    const factory = {};
    const first = acquireInProcessLock('db-a', factory);
    expect(first).toBeDefined();
    expect(acquireInProcessLock('db-a', factory)).toBeUndefined();
    const otherName = acquireInProcessLock('db-b', factory);
    const otherFactory = acquireInProcessLock('db-a', {});
    expect(otherName).toBeDefined();
    expect(otherFactory).toBeDefined();
    await first!.release();
    await first!.release();
    const again = acquireInProcessLock('db-a', factory);
    expect(again).toBeDefined();
    expect(acquireInProcessLock('db-a', factory)).toBeUndefined();
    for (const lock of [otherName, otherFactory, again]) await lock!.release();
  });
});
