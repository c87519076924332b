import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { IndexedDBStateBackend } from '../../../src/state/indexeddb/indexeddb-state-backend.js';
import { testDatabases } from '../../support/indexeddb-databases.js';
import { expectedSums, runScenario } from '../../support/exactly-once-scenario.js';

const databases = testDatabases('weir-exactly-once');
afterAll(() => databases.deleteAll());

describe('exactly-once recovery with the IndexedDB backend (Chromium)', () => {
  it('restores after failures and commits every window result exactly once', async () => {
    const options = { events: 3000, keys: 13, parallelism: 2, failAtRecords: [600, 2100] };
    const run = await runScenario(new IndexedDBStateBackend({ databaseName: databases.name() }), options);
    expect(run.committed).toEqual(expectedSums(options));
    expect(run.statuses.filter((s) => s === 'RESTARTING')).toHaveLength(2);
    expect(run.events.some((e) => e.type === 'completed')).toBe(true);
  });

  it('recovers from the previous checkpoint when it fails while one is being persisted', async () => {
    const options = { events: 3000, keys: 11, parallelism: 1, failWhilePersistingCheckpoint: 2, windowing: 'process' as const };
    const run = await runScenario(new IndexedDBStateBackend({ databaseName: databases.name() }), options);
    expect(run.committed).toEqual(expectedSums(options));
  });

  it('gives the output of a failure-free run wherever the failures hit (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 1499 }), { maxLength: 2 }),
        fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        fc.constantFrom(1, 2),
        fc.boolean(),
        async (failAtRecords, failWhilePersistingCheckpoint, parallelism, incremental) => {
          const options = { events: 1500, keys: 7, parallelism, failAtRecords, failWhilePersistingCheckpoint, incremental };
          const run = await runScenario(new IndexedDBStateBackend({ databaseName: databases.name() }), options);
          expect(run.committed).toEqual(expectedSums(options));
        },
      ),
      { numRuns: 6 },
    );
  });
});
