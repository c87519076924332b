/**
 * Checkpoint storage throughput: writes `--mb` MB (default 32) in chunks of
 * `--chunk-mb` MB (default 1) through each storage, commits, reads it all
 * back, and prints MB/s (median of `--repeat` runs, default 3):
 *
 *   npx tsx bench/storage.ts [--mb 32] [--chunk-mb 1] [--repeat 3] [--only filesystem,indexeddb,memory]
 *
 * filesystem: Node, a temp directory under os.tmpdir() (every chunk and the
 * metadata fsynced). indexeddb: headless Chromium via playwright-core with
 * the binary find-chromium finds. memory: the heap, for reference.
 * A report, never an assertion; the machine is shared and noisy.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CheckpointStorage } from '../src/checkpoint/checkpoint-storage.js';
import { MemoryCheckpointStorage } from '../src/checkpoint/memory-checkpoint-storage.js';
import { FileSystemCheckpointStorage } from '../src/state/fs/file-system-checkpoint-storage.js';
import { benchIndexedDB } from './storage/indexeddb-bench.js';
import { measureStorage, medianOf, type StorageThroughput } from './storage/measure-storage.js';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '32' },
    'chunk-mb': { type: 'string', default: '1' },
    repeat: { type: 'string', default: '3' },
    only: { type: 'string', default: 'filesystem,indexeddb,memory' },
  },
});
const options = { megabytes: Number(values.mb), chunkMegabytes: Number(values['chunk-mb']), repeat: Number(values.repeat) };
const only = new Set(values.only!.split(','));

async function repeatOn(open: () => Promise<CheckpointStorage>): Promise<StorageThroughput[]> {
  const runs: StorageThroughput[] = [];
  for (let round = 1; round <= options.repeat; round++) {
    const storage = await open();
    try {
      runs.push(await measureStorage(storage, { ...options, checkpointId: round }));
    } finally {
      await storage.close();
    }
  }
  return runs;
}

function line(name: string, result: StorageThroughput[] | string): string {
  if (typeof result === 'string') return `${name.padEnd(12)} skipped: ${result}`;
  const m = medianOf(result);
  const all = (key: 'writeMBps' | 'readMBps') => result.map((r) => r[key].toFixed(0)).join('/');
  return `${name.padEnd(12)} write ${m.writeMBps.toFixed(0).padStart(6)} MB/s   read ${m.readMBps.toFixed(0).padStart(6)} MB/s   (runs: write ${all('writeMBps')}, read ${all('readMBps')})`;
}

console.log(`checkpoint storage: ${options.megabytes} MB in ${options.chunkMegabytes} MB chunks, median of ${options.repeat}`);
if (only.has('filesystem')) {
  const directory = await mkdtemp(join(tmpdir(), 'weir-bench-'));
  try {
    console.log(line('filesystem', await repeatOn(() => FileSystemCheckpointStorage.open({ directory }))));
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
if (only.has('indexeddb')) console.log(line('indexeddb', await benchIndexedDB(options)));
if (only.has('memory')) {
  const maxCheckpointSize = (options.megabytes + options.chunkMegabytes) * 1024 * 1024 + 1024;
  console.log(line('memory', await repeatOn(async () => new MemoryCheckpointStorage({ maxCheckpointSize }))));
}
