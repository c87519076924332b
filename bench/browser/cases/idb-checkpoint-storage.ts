import { medianOf } from '../../storage/measure-storage.js';
import { runIndexedDBBench } from '../../storage/indexeddb-bench-page.js';
import type { BrowserCase, CaseParams, Metrics } from '../browser-case.js';

/**
 * weir's IndexedDBCheckpointStorage (chunk writes, one-transaction commit,
 * chunk reads) on the same 32 MB in 1 MB chunks as the `idb-throughput`
 * self-test, through `bench/storage`'s page function: the storage's cost
 * over raw `idb` is the difference between the two cases.
 */
async function run({ megabytes, chunkMB, rounds }: CaseParams): Promise<Metrics> {
  const runs = await runIndexedDBBench({ megabytes: megabytes!, chunkMegabytes: chunkMB!, repeat: rounds! });
  const m = medianOf(runs);
  return { writeMBps: m.writeMBps, readMBps: m.readMBps, rounds: runs.length };
}

const idbCheckpointStorage: BrowserCase = {
  name: 'idb-checkpoint-storage',
  description: 'IndexedDBCheckpointStorage: 32 MB in 1 MB chunks written (one at a time) and committed, then read back; median of 3',
  defaultParams: { megabytes: 32, chunkMB: 1, rounds: 3 },
  timeoutSeconds: 120,
  run,
};

export default idbCheckpointStorage;
