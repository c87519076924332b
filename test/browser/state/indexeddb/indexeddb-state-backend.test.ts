import { afterAll, describe, expect, it } from 'vitest';
import { IndexedDBCheckpointStorage } from '../../../../src/state/indexeddb/indexeddb-checkpoint-storage.js';
import { IndexedDBStateBackend } from '../../../../src/state/indexeddb/indexeddb-state-backend.js';
import { testDatabases } from '../../../support/indexeddb-databases.js';
import { describeStateBackendContract } from '../../../support/state-backend-contract.js';

const databases = testDatabases('weir-contract');
afterAll(() => databases.deleteAll());

// Real IndexedDB and Web Locks in Chromium; every backend gets a database of its own.
describeStateBackendContract('indexeddb (browser)', () => new IndexedDBStateBackend({ databaseName: databases.name() }));

describe('IndexedDBStateBackend', () => {
  it("is called 'indexeddb' and opens an IndexedDBCheckpointStorage described by its database", async () => {
    const backend = new IndexedDBStateBackend({ databaseName: databases.name() });
    expect(backend.name).toBe('indexeddb');
    const storage = await backend.createCheckpointStorage({ jobId: 'j', jobName: 'n' });
    expect(storage).toBeInstanceOf(IndexedDBCheckpointStorage);
    expect(storage.description).toBe(`indexeddb:${backend.databaseName}`);
    await storage.close();
  });
});
