import { openDB, type DBSchema } from 'idb';
import type { BrowserCase, CaseParams, Metrics } from '../browser-case.js';
import { deleteDatabase, uniqueDatabaseName } from './shared/indexeddb-database.js';
import { median } from '../../median.js';

/** The self-test's database: one store of chunks by index. */
interface ThroughputSchema extends DBSchema {
  chunks: { key: number; value: ArrayBuffer };
}

const MB = 1 << 20;

/** `count` buffers of `bytes` pseudo-random bytes (so no layer can compress them away). */
function makeChunks(count: number, bytes: number): ArrayBuffer[] {
  let seed = 0x9e3779b9;
  return Array.from({ length: count }, () => {
    const words = new Uint32Array(bytes / 4);
    for (let i = 0; i < words.length; i++) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      words[i] = seed >>> 0;
    }
    return words.buffer;
  });
}

/** One round on a fresh database: every chunk written in one transaction, then read back in one. */
async function measureOnce(chunks: readonly ArrayBuffer[]): Promise<{ writeMs: number; readMs: number }> {
  const name = uniqueDatabaseName('throughput');
  const db = await openDB<ThroughputSchema>(name, 1, { upgrade: (d) => d.createObjectStore('chunks') });
  try {
    const t0 = performance.now();
    const write = db.transaction('chunks', 'readwrite');
    await Promise.all([...chunks.map((chunk, i) => write.store.put(chunk, i)), write.done]);
    const t1 = performance.now();
    const read = db.transaction('chunks', 'readonly');
    const back = await Promise.all(chunks.map((_, i) => read.store.get(i)));
    await read.done;
    const t2 = performance.now();
    back.forEach((buffer, i) => {
      if (buffer?.byteLength !== chunks[i]!.byteLength || new Uint32Array(buffer, 0, 1)[0] !== new Uint32Array(chunks[i]!, 0, 1)[0]) {
        throw new Error(`chunk ${i} read back differs from what was written`);
      }
    });
    return { writeMs: t1 - t0, readMs: t2 - t1 };
  } finally {
    db.close();
    await deleteDatabase(name);
  }
}

/**
 * Self-test of the harness: IndexedDB throughput of `megabytes` MB in
 * `chunkMB` MB ArrayBuffer chunks through `idb`, median of `rounds` fresh
 * databases. Expect about 400 MB/s each way on the reference machine.
 */
async function run({ megabytes, chunkMB, rounds }: CaseParams): Promise<Metrics> {
  const chunks = makeChunks(Math.ceil(megabytes! / chunkMB!), chunkMB! * MB);
  const totalMB = (chunks.length * chunkMB! * MB) / MB;
  const runs: { writeMs: number; readMs: number }[] = [];
  for (let round = 0; round < rounds!; round++) runs.push(await measureOnce(chunks));
  return {
    writeMBps: totalMB / (median(runs.map((r) => r.writeMs)) / 1000),
    readMBps: totalMB / (median(runs.map((r) => r.readMs)) / 1000),
    rounds: runs.length,
  };
}

const idbThroughput: BrowserCase = {
  name: 'idb-throughput',
  description: 'harness self-test: idb put/get of 32 MB in 1 MB ArrayBuffers, one transaction each way, median of 3',
  defaultParams: { megabytes: 32, chunkMB: 1, rounds: 3 },
  targets: [
    { metric: 'writeMBps', atLeast: 100 },
    { metric: 'readMBps', atLeast: 100 },
  ],
  timeoutSeconds: 120,
  run,
};

export default idbThroughput;
