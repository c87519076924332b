import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { definePipeline } from '../../../src/worker/pipeline-definition.js';
import { countLinesInto, numbered } from '../counting-job.js';
import { GatedSource } from '../gated-source.js';

/** Whether `directory` holds a completed checkpoint (`chk-n/_metadata`). */
function hasCheckpoint(directory: string | undefined): boolean {
  if (directory === undefined) return true;
  if (!existsSync(directory)) return false;
  return readdirSync(directory).some((name) => name.startsWith('chk-') && existsSync(join(directory, name, '_metadata')));
}

/**
 * Counts per key; the worker process-exits at the first record from
 * `crashAt` on once `checkpoints` (when given) holds a completed checkpoint,
 * unless `marker` exists (it creates it first: one crash per test). With
 * `holdAt`, the source stops there until a savepoint stops the job.
 */
export const crashesOnce = definePipeline<{
  events: number;
  keys: number;
  crashAt: number;
  marker: string;
  checkpoints?: string;
  holdAt?: number;
  /** Runs the crashing map as one subtask, so in worker 0 (default: one per worker). */
  crashInWorkerZero?: boolean;
}>(({ env, params, output }) => {
  const records = env
    .fromSource(new GatedSource(params.events, (i) => numbered(i, params.keys), params.holdAt ?? params.events))
    .uid('numbers')
    .map((r) => {
      if (r.index >= params.crashAt && !existsSync(params.marker) && hasCheckpoint(params.checkpoints)) {
        writeFileSync(params.marker, 'crashed');
        process.exit(3);
      }
      return r;
    })
    .uid('crash');
  if (params.crashInWorkerZero === true) records.setParallelism(1);
  countLinesInto(records, output<string>('lines'));
});

/**
 * Counts per key; the first worker to see a record after the file `signal`
 * appears process-exits (once per test: it creates `marker` first). The test
 * writes `signal` while a checkpoint is in flight, so the worker dies while
 * that checkpoint is being taken or persisted.
 */
export const diesOnSignal = definePipeline<{ events: number; keys: number; signal: string; marker: string }>(({ env, params, output }) => {
  const records = env
    .fromSource(new GatedSource(params.events, (i) => numbered(i, params.keys), params.events))
    .uid('numbers')
    .map((r) => {
      if (existsSync(params.signal) && !existsSync(params.marker)) {
        writeFileSync(params.marker, 'killed');
        process.exit(3);
      }
      return r;
    })
    .uid('kill');
  countLinesInto(records, output<string>('lines'));
});
