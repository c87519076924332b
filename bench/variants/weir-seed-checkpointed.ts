import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeStreamEnvironment } from '../../src/node/node-stream-environment.js';
import { seedPipeline } from '../../demo/seed-pipeline.js';
import { FileSystemStateBackend } from '../../src/state/fs/file-system-state-backend.js';
import { MemoryStateBackend } from '../../src/state/memory/memory-state-backend.js';
import type { StateBackend } from '../../src/state/state-backend.js';
import type { SeedResult } from '../seed-job.js';

/** Checkpoints of the last measured run: how many completed, and the longest synchronous part. */
export interface CheckpointTally {
  completed: number;
  maxSyncMs: number;
}

/**
 * The seed job (window operator, parallelism 1) with exactly-once
 * checkpoints every second into `backend`: what `weir-seed` does, plus
 * barriers, copy-on-write views and asynchronous persistence. Prints how
 * many checkpoints completed to stderr, so a run that took none is visible.
 */
export async function runCheckpointedSeed(events: number, backendKind: 'memory' | 'filesystem'): Promise<SeedResult> {
  let directory: string | undefined;
  let backend: StateBackend;
  if (backendKind === 'filesystem') {
    directory = await mkdtemp(join(tmpdir(), 'weir-bench-'));
    backend = new FileSystemStateBackend({ directory });
  } else {
    backend = new MemoryStateBackend({ maxCheckpointSize: 256 << 20 });
  }
  try {
    const env = NodeStreamEnvironment.create({
      parallelism: 1,
      autoWatermarkInterval: 10,
      stateBackend: backend,
      checkpointing: { interval: 1000, mode: 'exactly-once' },
    });
    let resultCount = 0;
    let checksum = 0;
    seedPipeline(env, { events }).forEach((r) => {
      resultCount++;
      checksum += r.sum;
    });
    const job = env.execute('seed job, checkpointed');
    const tally: CheckpointTally = { completed: 0, maxSyncMs: 0 };
    job.checkpoints$.subscribe((e) => {
      if (e.type === 'completed') tally.completed++;
      if (e.type === 'acknowledged') tally.maxSyncMs = Math.max(tally.maxSyncMs, e.syncDurationMs);
    });
    await job.result;
    process.stderr.write(`checkpoints completed: ${tally.completed}, longest sync part: ${tally.maxSyncMs.toFixed(2)} ms\n`);
    return { resultCount, checksum };
  } finally {
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  }
}
