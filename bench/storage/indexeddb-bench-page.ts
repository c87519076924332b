import { IndexedDBCheckpointStorage } from '../../src/state/indexeddb/indexeddb-checkpoint-storage.js';
import { measureStorage, type StorageThroughput } from './measure-storage.js';

/**
 * Runs in the benchmark's Chromium page (bundled by `indexeddb-bench.ts`):
 * measures IndexedDBCheckpointStorage `repeat` times on a fresh database,
 * deleting it afterwards.
 */
export async function runIndexedDBBench(options: { megabytes: number; chunkMegabytes: number; repeat: number }): Promise<StorageThroughput[]> {
  const databaseName = `weir-bench-${Date.now()}`;
  const runs: StorageThroughput[] = [];
  try {
    for (let round = 1; round <= options.repeat; round++) {
      const storage = await IndexedDBCheckpointStorage.open({ databaseName });
      try {
        runs.push(await measureStorage(storage, { ...options, checkpointId: round }));
      } finally {
        await storage.close();
      }
    }
  } finally {
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(databaseName);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    });
  }
  return runs;
}
