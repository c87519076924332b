/**
 * Keyed-state checkpoint benchmarks: `npm run bench -- checkpoint` (or
 * `node --expose-gc --import tsx bench/checkpoint/run-checkpoint-bench.ts`).
 * Each measurement runs in a fresh child process so one's heap does not slow
 * another's garbage collection. Prints one line per figure; never asserts.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { measureIncrementalSize } from './measure-incremental-size.js';
import { measureRestore } from './measure-restore.js';
import { measureRestoreFs } from './measure-restore-fs.js';
import { measureSyncView } from './measure-sync-view.js';
import { measureJobPause } from './measure-job-pause.js';

const measurements: Record<string, () => Promise<string[]>> = {
  'sync-view': measureSyncView,
  'job-pause': measureJobPause,
  'incremental-size': measureIncrementalSize,
  restore: measureRestore,
  'restore-fs': measureRestoreFs,
};

/** Runs every measurement (or the ones named) in its own child process. */
export function runCheckpointBench(only: readonly string[] = []): number {
  const names = only.length > 0 ? only : Object.keys(measurements);
  let failed = 0;
  for (const name of names) {
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--measure', name], {
      stdio: 'inherit',
    });
    if (child.status !== 0) failed++;
  }
  return failed === 0 ? 0 : 1;
}

async function measureInThisProcess(name: string): Promise<void> {
  const measure = measurements[name];
  if (measure === undefined) throw new Error(`Unknown checkpoint measurement '${name}'; known: ${Object.keys(measurements).join(', ')}.`);
  for (const line of await measure()) console.log(line);
}

const args = process.argv.slice(2);
if (args[0] === '--measure') await measureInThisProcess(args[1]!);
else if (fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = runCheckpointBench(args);
