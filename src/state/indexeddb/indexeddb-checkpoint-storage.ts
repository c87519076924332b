import { chunkRefOf, compareByCheckpointId, requireChunkRef, requireLocation } from '../../checkpoint/checkpoint-path.js';
import type { CheckpointPointer, CheckpointStorage, ChunkRef } from '../../checkpoint/checkpoint-storage.js';
import {
  abortCommitted,
  alreadyCommitted,
  checkpointNotFound,
  foreignPointer,
  locationMismatch,
} from '../../checkpoint/checkpoint-storage-errors.js';
import { StorageGuard } from '../../checkpoint/storage-guard.js';
import { CheckpointError } from '../../errors/checkpoint-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { openCheckpointDatabase, type CheckpointDatabase, type ReadWriteTransaction } from './checkpoint-database.js';
import { errorNameOf, indexedDBFailure } from './indexeddb-error.js';
import { resolveIndexedDBFactory } from './resolve-indexeddb-factory.js';
import { acquireStorageLock, type HeldStorageLock } from './storage-lock.js';

/** Options of {@link IndexedDBCheckpointStorage.open}. */
export interface IndexedDBCheckpointStorageOptions {
  /** The job's database (one per job). */
  readonly databaseName: string;
  /** The IndexedDB to use; default `globalThis.indexedDB` (looked up at open, never at import). */
  readonly indexedDB?: IDBFactory;
}

/** The Web Lock (or in-process lock) name guarding database `name`. */
export const lockNameOf = (databaseName: string): string => `weir:checkpoint-storage:indexeddb:${databaseName}`;

/** Keys of the chunks under `location`: every key from `chk-7/` up to (not including) `chk-70`, as '0' follows '/'. */
const chunksOf = (location: string): IDBKeyRange => IDBKeyRange.bound(`${location}/`, `${location}0`, false, true);

/**
 * Checkpoints in an IndexedDB database: one record per chunk in `chunks`,
 * one commit record per checkpoint in `checkpoints`. The commit is a single
 * readwrite transaction with `durability: 'strict'`, so the checkpoint is on
 * disk when it resolves; chunk writes use the default durability and are
 * flushed with (before) that commit.
 *
 * The database is guarded by a Web Lock for as long as the storage is open:
 * a second storage on it, in this tab, another tab or a worker of the same
 * origin, fails with STORAGE_LOCKED.
 *
 * @example
 * ```ts
 * const storage = await IndexedDBCheckpointStorage.open({ databaseName: 'orders-job' });
 * const ref = await storage.writeChunk('chk-1', 'op-a/kg-0-127', bytes);
 * await storage.commitCheckpoint('chk-1', 1, metadata);
 * await storage.close();
 * ```
 */
export class IndexedDBCheckpointStorage implements CheckpointStorage {
  readonly description: string;
  private readonly guard: StorageGuard;
  /** Set when the connection ended from outside; every later call rejects with it. */
  private lost: CheckpointError | undefined;
  private db!: CheckpointDatabase;

  private constructor(
    readonly databaseName: string,
    private readonly lock: HeldStorageLock,
  ) {
    this.description = `indexeddb:${databaseName}`;
    this.guard = new StorageGuard(this.description);
  }

  /**
   * Locks and opens (creating if needed) the database.
   * @throws ConfigError STATE_BACKEND_UNAVAILABLE when there is no IndexedDB.
   * @throws CheckpointError STORAGE_LOCKED when another storage holds the database;
   *   CHECKPOINT_STORAGE_FAILED when it cannot be opened.
   */
  static async open(options: IndexedDBCheckpointStorageOptions): Promise<IndexedDBCheckpointStorage> {
    const factory = resolveIndexedDBFactory(options.indexedDB);
    const lock = await acquireStorageLock(lockNameOf(options.databaseName), factory);
    if (lock === undefined) {
      throw new CheckpointError(
        ErrorCodes.STORAGE_LOCKED,
        `IndexedDB database '${options.databaseName}' is in use by another job (in this tab, another tab or a worker of this origin). ` +
          'Stop that job first, or give this job its own databaseName.',
      );
    }
    const storage = new IndexedDBCheckpointStorage(options.databaseName, lock);
    try {
      storage.db = await openCheckpointDatabase(factory, options.databaseName, storage.description, (reason) => storage.onLost(reason));
    } catch (error) {
      await lock.release();
      throw error;
    }
    return storage;
  }

  writeChunk(location: string, name: string, bytes: Uint8Array): Promise<ChunkRef> {
    return this.run('write a chunk', async () => {
      const ref = chunkRefOf(location, name);
      const buffer = ownBuffer(bytes);
      await this.inTransaction(async (tx) => {
        if ((await tx.objectStore('checkpoints').getKey(location)) !== undefined) throw alreadyCommitted(this.description, location);
        await tx.objectStore('chunks').put(buffer, ref);
      });
      return ref;
    });
  }

  readChunk(pointer: CheckpointPointer, ref: ChunkRef): Promise<Uint8Array> {
    return this.run('read a chunk', async () => {
      this.requireOwn(pointer);
      requireChunkRef(ref);
      const buffer = await this.db.get('chunks', ref);
      if (buffer === undefined) throw checkpointNotFound(this.description, `Chunk '${ref}'`);
      return new Uint8Array(buffer);
    });
  }

  commitCheckpoint(location: string, checkpointId: number, metadata: Uint8Array): Promise<CheckpointPointer> {
    return this.run('commit a checkpoint', async () => {
      const parsed = requireLocation(location);
      if (parsed.checkpointId !== checkpointId) throw locationMismatch(location, checkpointId);
      const tx = this.db.transaction('checkpoints', 'readwrite', { durability: 'strict' });
      const record = { checkpointId, savepoint: parsed.savepoint, metadata: ownBuffer(metadata) };
      try {
        await Promise.all([tx.store.add(record, location), tx.done]);
      } catch (error) {
        if (errorNameOf(error) === 'ConstraintError') throw alreadyCommitted(this.description, location);
        throw error;
      }
      return { checkpointId, location, savepoint: parsed.savepoint };
    });
  }

  readMetadata(pointer: CheckpointPointer): Promise<Uint8Array> {
    return this.run('read checkpoint metadata', async () => {
      this.requireOwn(pointer);
      return new Uint8Array((await this.committed(requireLocation(pointer.location).location)).metadata);
    });
  }

  resolve(location: string): Promise<CheckpointPointer> {
    return this.run('resolve a checkpoint', async () => {
      const parsed = requireLocation(location);
      await this.committed(location);
      return { checkpointId: parsed.checkpointId, location, savepoint: parsed.savepoint };
    });
  }

  listCompleted(): Promise<CheckpointPointer[]> {
    return this.run('list checkpoints', async () => {
      const locations = await this.db.getAllKeys('checkpoints');
      return locations
        .map((key) => {
          const { location, checkpointId, savepoint } = requireLocation(key);
          return { checkpointId, location, savepoint };
        })
        .sort(compareByCheckpointId);
    });
  }

  abortCheckpoint(location: string): Promise<void> {
    return this.run('abort a checkpoint', async () => {
      requireLocation(location);
      await this.inTransaction(async (tx) => {
        if ((await tx.objectStore('checkpoints').getKey(location)) !== undefined) throw abortCommitted(this.description, location);
        await tx.objectStore('chunks').delete(chunksOf(location));
      });
    });
  }

  discard(pointer: CheckpointPointer, keep: ReadonlySet<ChunkRef> = new Set()): Promise<void> {
    return this.run('discard a checkpoint', async () => {
      this.requireOwn(pointer);
      const { location } = requireLocation(pointer.location);
      await this.inTransaction(async (tx) => {
        await tx.objectStore('checkpoints').delete(location);
        const chunks = tx.objectStore('chunks');
        if (keep.size === 0) return chunks.delete(chunksOf(location));
        const refs = await chunks.getAllKeys(chunksOf(location));
        await Promise.all(refs.filter((ref) => !keep.has(ref)).map((ref) => chunks.delete(ref)));
      });
    });
  }

  /**
   * Closes the connection and releases the lock without waiting for pending
   * transactions (they finish or abort in the background; their calls reject
   * now). Resolves once the lock is free for the next job. Idempotent.
   */
  async close(): Promise<void> {
    if (!this.guard.close()) return;
    this.db.close();
    await this.lock.release();
  }

  private run<T>(action: string, operation: () => Promise<T>): Promise<T> {
    return this.guard.run(async () => {
      if (this.lost !== undefined) throw this.lost;
      try {
        return await operation();
      } catch (error) {
        throw this.lost ?? indexedDBFailure(error, action, this.description);
      }
    });
  }

  /** Runs `work` in one readwrite transaction over both stores; resolves when it has committed, rejects (rolled back) if `work` throws. */
  private async inTransaction(work: (tx: ReadWriteTransaction) => Promise<void>): Promise<void> {
    const tx = this.db.transaction(['checkpoints', 'chunks'], 'readwrite');
    const run = work(tx).catch((error: unknown) => {
      try {
        tx.abort();
      } catch {
        // Already finished: nothing to roll back.
      }
      throw error;
    });
    // Both settle: an error of `work` wins over the AbortError it causes.
    const [outcome] = await Promise.allSettled([run, tx.done]);
    if (outcome.status === 'rejected') throw outcome.reason;
    await tx.done;
  }

  private async committed(location: string) {
    const record = await this.db.get('checkpoints', location);
    if (record === undefined) throw checkpointNotFound(this.description, `Checkpoint '${location}'`);
    return record;
  }

  private requireOwn(pointer: CheckpointPointer): void {
    if (pointer.root !== undefined) throw foreignPointer(this.description, pointer.root);
  }

  private onLost(reason: string): void {
    if (this.guard.isClosed || this.lost !== undefined) return;
    this.lost = new CheckpointError(
      ErrorCodes.CHECKPOINT_STORAGE_FAILED,
      `Checkpoint storage ${this.description} lost its database: ${reason}. Its checkpoints may be gone; restart the job to open it again.`,
    );
  }
}

/** An ArrayBuffer holding exactly `bytes` (the view's own buffer when it covers all of it; structured clone copies it anyway). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
}
