import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStateBackend } from '../../../src/state/memory/memory-state-backend.js';
import { FileSystemStateBackend } from '../../../src/state/fs/file-system-state-backend.js';
import type { StateBackend } from '../../../src/state/state-backend.js';
import { expectedSums, runScenario } from '../../support/exactly-once-scenario.js';
import { tempDirectories } from '../../support/temp-directories.js';

const directories = tempDirectories('weir-eo-');
afterEach(() => directories.removeAll());

const backends: [string, () => Promise<StateBackend>][] = [
  ['memory', async () => new MemoryStateBackend({ maxCheckpointSize: 64 * 1024 * 1024 })],
  ['filesystem', async () => new FileSystemStateBackend({ directory: await directories.make() })],
];

describe.each(backends)('exactly-once recovery with the %s backend', (_name, createBackend) => {
  it('restores after failures and commits every window result exactly once', async () => {
    const options = { events: 3000, keys: 13, parallelism: 2, failAtRecords: [700, 1900] };
    const run = await runScenario(await createBackend(), options);
    expect(run.committed).toEqual(expectedSums(options));
    expect(run.statuses).toEqual(['RUNNING', 'RESTARTING', 'RUNNING', 'RESTARTING', 'RUNNING', 'FINISHED']);
    expect(run.events.filter((e) => e.type === 'completed').length).toBeGreaterThan(0);
  });

  it('recovers from the previous checkpoint when it fails while one is being persisted', async () => {
    const options = { events: 3000, keys: 11, parallelism: 1, failWhilePersistingCheckpoint: 3, windowing: 'process' as const };
    const run = await runScenario(await createBackend(), options);
    expect(run.committed).toEqual(expectedSums(options));
    expect(run.statuses).toContain('RESTARTING');
    const failed = run.events.find((e) => e.type === 'failed');
    expect(failed).toBeDefined();
  });

  it('restores sliding windows kept as panes, with accumulators mutated in place, after failures', async () => {
    const options = { events: 3000, keys: 13, parallelism: 2, failAtRecords: [650, 2100], windowing: 'sliding' as const, incremental: true };
    const run = await runScenario(await createBackend(), options);
    expect(run.committed).toEqual(expectedSums(options));
    expect(run.statuses.filter((s) => s === 'RESTARTING').length).toBe(2);
    expect(run.events.filter((e) => e.type === 'completed').length).toBeGreaterThan(0);
  });

  it('gives the output of a failure-free run wherever the failures hit (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 1999 }), { maxLength: 3 }),
        fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
        fc.constantFrom(1, 2),
        fc.boolean(),
        fc.constantFrom('window' as const, 'process' as const, 'sliding' as const),
        async (failAtRecords, failWhilePersistingCheckpoint, parallelism, incremental, windowing) => {
          const options = { events: 2000, keys: 9, parallelism, failAtRecords, failWhilePersistingCheckpoint, incremental, windowing };
          const run = await runScenario(await createBackend(), options);
          expect(run.committed).toEqual(expectedSums(options));
        },
      ),
      { numRuns: 12 },
    );
  });
});
