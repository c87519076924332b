import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { CheckpointError } from '../../errors/checkpoint-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { indexedDBFailure } from './indexeddb-error.js';

/** A committed checkpoint as stored: its metadata bytes plus what `listCompleted` needs without decoding them. */
export interface StoredCheckpoint {
  readonly checkpointId: number;
  readonly savepoint: boolean;
  readonly metadata: ArrayBuffer;
}

/**
 * The schema of a checkpoint database, declared once; store names, keys and
 * values derive from it. `chunks`: chunk ref (`chk-7/op-1/kg-0`) → bytes, one
 * record per chunk. `checkpoints`: location (`chk-7`) → commit record.
 */
export interface CheckpointDB extends DBSchema {
  chunks: { key: string; value: ArrayBuffer };
  checkpoints: { key: string; value: StoredCheckpoint };
}

export type CheckpointDatabase = IDBPDatabase<CheckpointDB>;

/** A readwrite transaction over both stores. */
export type ReadWriteTransaction = IDBPTransaction<CheckpointDB, ['checkpoints', 'chunks'], 'readwrite'>;

const VERSION = 1;
const STORES = ['chunks', 'checkpoints'] as const;

/**
 * Opens (creating if needed) checkpoint database `name` of `factory`.
 * `onLost` runs when the connection ends from outside: another connection
 * deletes or upgrades the database (the connection is closed at once so
 * that it never blocks them), or the browser closes it.
 * @throws CheckpointError CHECKPOINT_STORAGE_FAILED when the database cannot be
 *   opened, is blocked by an older connection, or is not a weir database.
 */
export function openCheckpointDatabase(factory: IDBFactory, name: string, description: string, onLost: (reason: string) => void): Promise<CheckpointDatabase> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const request = factory.open(name, VERSION);
    request.addEventListener('upgradeneeded', () => {
      const db = request.result;
      for (const store of STORES) if (!db.objectStoreNames.contains(store)) db.createObjectStore(store);
    });
    request.addEventListener('blocked', () => {
      settled = true;
      reject(
        new CheckpointError(
          ErrorCodes.CHECKPOINT_STORAGE_FAILED,
          `IndexedDB database '${name}' (${description}) is held open at an older version by another connection; close other tabs of this page and retry.`,
        ),
      );
    });
    request.addEventListener('error', () => {
      settled = true;
      reject(indexedDBFailure(request.error, `open IndexedDB database '${name}'`, description));
    });
    request.addEventListener('success', () => {
      const db = request.result;
      if (settled) return db.close();
      if (!STORES.every((store) => db.objectStoreNames.contains(store))) {
        db.close();
        return reject(
          new CheckpointError(
            ErrorCodes.CHECKPOINT_STORAGE_FAILED,
            `IndexedDB database '${name}' exists but is not a weir checkpoint database (it lacks the stores ${STORES.join(', ')}); choose another databaseName.`,
          ),
        );
      }
      db.addEventListener('versionchange', () => {
        db.close();
        onLost('another connection deleted or upgraded the database');
      });
      db.addEventListener('close', () => onLost('the browser closed the database'));
      resolve(wrap(db) as unknown as CheckpointDatabase);
    });
  });
}
