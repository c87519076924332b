import type { CheckpointStorage } from '../../checkpoint/checkpoint-storage.js';
import { describeValue, requireNonEmptyString } from '../../errors/argument-checks.js';
import { ConfigError } from '../../errors/config-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { createHeapKeyedStateBackend } from '../heap/create-heap-keyed-state-backend.js';
import type { KeyedStateBackend } from '../keyed-state-backend.js';
import type { CheckpointStorageParameters, KeyedStateBackendParameters, StateBackend } from '../state-backend.js';
import { IndexedDBCheckpointStorage } from './indexeddb-checkpoint-storage.js';

/** Options of {@link IndexedDBStateBackend}. */
export interface IndexedDBStateBackendOptions {
  /** The job's database, named by you (one per job); created on first use. */
  readonly databaseName: string;
  /**
   * The IndexedDB to use. Default `globalThis.indexedDB`, looked up when the
   * job starts. Pass a storage bucket's (`bucket.indexedDB`) or, in Node,
   * fake-indexeddb's (its globals installed with `import 'fake-indexeddb/auto'`).
   */
  readonly indexedDB?: IDBFactory;
}

/**
 * Working state on the heap, checkpoints in IndexedDB: durable across page
 * reloads in browsers and workers. Snapshots are written as chunks (one
 * record per chunk, never per key); a checkpoint commits in one transaction.
 * One job at a time per database: a second job opening it — in this tab,
 * another tab or a worker — fails with STORAGE_LOCKED (Web Locks).
 *
 * @example
 * ```ts
 * env.setStateBackend(new IndexedDBStateBackend({ databaseName: 'orders-job' }));
 * ```
 * @throws ConfigError INVALID_ARGUMENT for an empty `databaseName` or an `indexedDB` that is not an IDBFactory.
 */
export class IndexedDBStateBackend implements StateBackend {
  readonly name = 'indexeddb' as const;
  readonly databaseName: string;
  private readonly indexedDB: IDBFactory | undefined;

  constructor(options: IndexedDBStateBackendOptions) {
    this.databaseName = requireNonEmptyString(options?.databaseName, 'IndexedDBStateBackend option `databaseName`');
    const factory = options.indexedDB as unknown;
    if (factory !== undefined && typeof (factory as { open?: unknown } | null)?.open !== 'function') {
      throw new ConfigError(
        ErrorCodes.INVALID_ARGUMENT,
        `IndexedDBStateBackend option \`indexedDB\` must be an IDBFactory (such as window.indexedDB), got ${describeValue(factory)}.`,
      );
    }
    this.indexedDB = options.indexedDB;
  }

  /** A fresh heap backend for one keyed operator subtask. */
  createKeyedStateBackend(parameters: KeyedStateBackendParameters): KeyedStateBackend {
    return createHeapKeyedStateBackend(parameters);
  }

  /**
   * Locks and opens the job's database for one job run.
   * @throws ConfigError STATE_BACKEND_UNAVAILABLE where there is no IndexedDB (plain Node).
   * @throws CheckpointError STORAGE_LOCKED when another job holds the database.
   */
  createCheckpointStorage(_parameters: CheckpointStorageParameters): Promise<CheckpointStorage> {
    return IndexedDBCheckpointStorage.open({ databaseName: this.databaseName, indexedDB: this.indexedDB });
  }
}
