import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { IndexedDBCheckpointStorage, lockNameOf } from '../../../../src/state/indexeddb/indexeddb-checkpoint-storage.js';
import { IndexedDBStateBackend } from '../../../../src/state/indexeddb/indexeddb-state-backend.js';
import { testDatabases } from '../../../support/indexeddb-databases.js';
import { expectCheckpointError } from '../../../support/state-backend-contract/checkpoint-storage-cases.js';

const databases = testDatabases('weir-idb');
const opened: IndexedDBCheckpointStorage[] = [];
afterEach(async () => {
  for (const storage of opened.splice(0)) await storage.close();
});
afterAll(() => databases.deleteAll());

async function openStorage(databaseName = databases.name(), factory?: IDBFactory): Promise<IndexedDBCheckpointStorage> {
  const storage = await IndexedDBCheckpointStorage.open({ databaseName, indexedDB: factory });
  opened.push(storage);
  return storage;
}

/** `length` bytes that do not compress (IndexedDB compresses values, so zeros would not reach the quota). */
function incompressible(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65536) crypto.getRandomValues(bytes.subarray(offset, offset + 65536));
  return bytes;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

interface StorageBucket {
  readonly indexedDB: IDBFactory;
}
interface StorageBucketManager {
  open(name: string, options: { quota: number }): Promise<StorageBucket>;
  delete(name: string): Promise<void>;
}

describe('IndexedDBCheckpointStorage layout', () => {
  it('stores one record per chunk keyed by ref, and one commit record per checkpoint keyed by location', async () => {
    const name = databases.name();
    const storage = await openStorage(name);
    await storage.writeChunk('chk-7', 'op/kg-0-63', new Uint8Array([1, 2]));
    await storage.writeChunk('chk-7', 'op/kg-64-127', new Uint8Array([3]));
    await storage.commitCheckpoint('chk-7', 7, new Uint8Array([9]));
    await storage.close();
    const db = await request(indexedDB.open(name));
    const tx = db.transaction(['chunks', 'checkpoints']);
    expect(await request(tx.objectStore('chunks').getAllKeys())).toEqual(['chk-7/op/kg-0-63', 'chk-7/op/kg-64-127']);
    expect(await request(tx.objectStore('checkpoints').getAllKeys())).toEqual(['chk-7']);
    const record = (await request(tx.objectStore('checkpoints').get('chk-7'))) as { checkpointId: number; savepoint: boolean; metadata: ArrayBuffer };
    expect(record.checkpointId).toBe(7);
    expect(record.savepoint).toBe(false);
    expect([...new Uint8Array(record.metadata)]).toEqual([9]);
    db.close();
  });

  it('keeps chunks of other checkpoints whose ids share a prefix when aborting one (chk-1 vs chk-10)', async () => {
    const storage = await openStorage();
    const ten = await storage.writeChunk('chk-10', 'a', new Uint8Array([10]));
    await storage.writeChunk('chk-1', 'a', new Uint8Array([1]));
    await storage.abortCheckpoint('chk-1');
    const pointer = await storage.commitCheckpoint('chk-10', 10, new Uint8Array([0]));
    expect([...(await storage.readChunk(pointer, ten))]).toEqual([10]);
  });
});

describe('IndexedDBCheckpointStorage lock (Web Locks)', () => {
  it('refuses a second backend on the same database in this page, and allows one on another database', async () => {
    const name = databases.name();
    const first = await new IndexedDBStateBackend({ databaseName: name }).createCheckpointStorage({ jobId: 'a', jobName: 'a' });
    opened.push(first as IndexedDBCheckpointStorage);
    const error = await expectCheckpointError(
      new IndexedDBStateBackend({ databaseName: name }).createCheckpointStorage({ jobId: 'b', jobName: 'b' }),
      ErrorCodes.STORAGE_LOCKED,
    );
    expect(error.message).toContain(name);
    expect(error.message).toContain('databaseName');
    await openStorage(databases.name());
  });

  it('is the origin-wide Web Lock: held elsewhere (another tab or worker would hold it the same way), the open fails', async () => {
    const name = databases.name();
    let release!: () => void;
    let granted!: Promise<unknown>;
    await new Promise<void>((resolve) => {
      granted = navigator.locks.request(lockNameOf(name), () => {
        resolve();
        return new Promise<void>((r) => (release = r));
      });
    });
    await expectCheckpointError(openStorage(name), ErrorCodes.STORAGE_LOCKED);
    release();
    await granted;
    await openStorage(name);
  });

  it('holds the Web Lock while open and releases it on close', async () => {
    const name = databases.name();
    const storage = await openStorage(name);
    const held = async () => (await navigator.locks.query()).held?.some((lock) => lock.name === lockNameOf(name)) ?? false;
    expect(await held()).toBe(true);
    await storage.close();
    expect(await held()).toBe(false);
  });
});

describe('IndexedDBCheckpointStorage failures', () => {
  it('maps a real QuotaExceededError (a storage bucket with a 256 KiB quota) to CHECKPOINT_STORAGE_FAILED', async () => {
    const buckets = (navigator as unknown as { storageBuckets: StorageBucketManager }).storageBuckets;
    const bucketName = `weir-quota-${Math.random().toString(36).slice(2)}`;
    const bucket = await buckets.open(bucketName, { quota: 256 * 1024 });
    try {
      const storage = await openStorage(databases.name(), bucket.indexedDB);
      const error = await expectCheckpointError(
        storage.writeChunk('chk-1', 'big', incompressible(1024 * 1024)),
        ErrorCodes.CHECKPOINT_STORAGE_FAILED,
      );
      expect(error.message).toContain('QuotaExceededError');
      expect(error.message).toContain('quota');
      expect((error.cause as DOMException).name).toBe('QuotaExceededError');
      await storage.close();
    } finally {
      await buckets.delete(bucketName);
    }
  });

  it('closes promptly while a large write is pending: the write rejects and the database can be opened again', async () => {
    const name = databases.name();
    const storage = await openStorage(name);
    const write = storage.writeChunk('chk-1', 'big', incompressible(8 * 1024 * 1024)).then(
      () => 'written',
      (error: unknown) => error,
    );
    await storage.close();
    const outcome = await write;
    expect(outcome).not.toBe('written');
    expect((outcome as { code?: string }).code).toBe(ErrorCodes.CHECKPOINT_STORAGE_FAILED);
    const again = await openStorage(name);
    expect(await again.listCompleted()).toEqual([]);
  });

  it('lets another connection delete the database without hanging, then fails every call with CHECKPOINT_STORAGE_FAILED', async () => {
    const name = databases.name();
    const storage = await openStorage(name);
    await storage.commitCheckpoint('chk-1', 1, new Uint8Array([1]));
    await request(indexedDB.deleteDatabase(name));
    const error = await expectCheckpointError(storage.listCompleted(), ErrorCodes.CHECKPOINT_STORAGE_FAILED);
    expect(error.message).toContain('deleted or upgraded');
    await expectCheckpointError(storage.writeChunk('chk-2', 'a', new Uint8Array(1)), ErrorCodes.CHECKPOINT_STORAGE_FAILED);
  });

  it('refuses a database of the same name that weir did not create', async () => {
    const name = databases.name();
    const foreign = indexedDB.open(name, 1);
    foreign.onupgradeneeded = () => foreign.result.createObjectStore('something-else');
    (await request(foreign)).close();
    const error = await expectCheckpointError(openStorage(name), ErrorCodes.CHECKPOINT_STORAGE_FAILED);
    expect(error.message).toContain('not a weir checkpoint database');
    // The lock was released with the failure: a retry fails the same way, not with STORAGE_LOCKED.
    await expectCheckpointError(openStorage(name), ErrorCodes.CHECKPOINT_STORAGE_FAILED);
  });

  it('refuses a database of the same name at a newer version with CHECKPOINT_STORAGE_FAILED naming VersionError', async () => {
    const name = databases.name();
    const newer = indexedDB.open(name, 5);
    newer.onupgradeneeded = () => newer.result.createObjectStore('x');
    (await request(newer)).close();
    const error = await expectCheckpointError(openStorage(name), ErrorCodes.CHECKPOINT_STORAGE_FAILED);
    expect(error.message).toContain('VersionError');
  });
});
