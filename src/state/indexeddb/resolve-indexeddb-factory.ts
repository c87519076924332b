import { ConfigError } from '../../errors/config-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';

/**
 * The IDBFactory to use: the one passed, else `globalThis.indexedDB`, looked
 * up only when called (importing this under plain Node never fails).
 * @throws ConfigError STATE_BACKEND_UNAVAILABLE when there is none, or the
 *   IndexedDB classes that `idb` needs (IDBRequest, ...) are not global.
 */
export function resolveIndexedDBFactory(passed: IDBFactory | undefined): IDBFactory {
  const scope = globalThis as { indexedDB?: IDBFactory; IDBRequest?: unknown };
  const factory = passed ?? scope.indexedDB;
  if (factory === undefined) {
    throw new ConfigError(
      ErrorCodes.STATE_BACKEND_UNAVAILABLE,
      'The IndexedDB state backend needs IndexedDB, and this runtime has none (plain Node has no IndexedDB). ' +
        "Pass one (new IndexedDBStateBackend({ databaseName, indexedDB }), e.g. from fake-indexeddb), or in Node use the filesystem backend (new FileSystemStateBackend({ directory }) from 'weir/node').",
    );
  }
  if (scope.IDBRequest === undefined) {
    throw new ConfigError(
      ErrorCodes.STATE_BACKEND_UNAVAILABLE,
      'The IndexedDB state backend needs the IndexedDB classes (IDBRequest, IDBDatabase, ...) as globals, and this runtime lacks them. ' +
        "In Node, install them first (load the module fake-indexeddb/auto), or use the filesystem backend (new FileSystemStateBackend({ directory }) from 'weir/node').",
    );
  }
  return factory;
}
