import { MemoryStateBackend, type MemoryStateBackendOptions } from './memory/memory-state-backend.js';
import { IndexedDBStateBackend, type IndexedDBStateBackendOptions } from './indexeddb/indexeddb-state-backend.js';
import type { StateBackendFactory } from './state-backend-loader.js';
import type { StateBackendName } from './state-backend.js';

/** Backends configuration can name from the browser-safe entry: memory and IndexedDB. */
export const browserStateBackendFactories: ReadonlyMap<StateBackendName, StateBackendFactory> = new Map<StateBackendName, StateBackendFactory>([
  ['memory', (options) => new MemoryStateBackend(options as MemoryStateBackendOptions)],
  ['indexeddb', (options) => new IndexedDBStateBackend(options as unknown as IndexedDBStateBackendOptions)],
]);
