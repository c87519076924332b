import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { filter, firstValueFrom, skip, toArray } from 'rxjs';
import { spawnNodeWorker } from '../../../src/worker/node/spawn-node-worker.js';
import { runInNodeWorkers } from '../../../src/node/run-in-node-workers.js';
import type { WorkerJobApi } from '../../../src/worker/serve-worker.js';
import type { SpawnWorkerOptions, WorkerHandle } from '../../../src/worker/worker-handle.js';
import { expectedCountLines } from '../../support/counting-job.js';
import { tempDirectories } from '../../support/temp-directories.js';

const directories = tempDirectories('weir-workers-prop-');
const spawned: WorkerHandle<WorkerJobApi>[] = [];
afterAll(async () => {
  for (const worker of spawned) await worker.terminate();
  await directories.removeAll();
});

async function spawn(options: SpawnWorkerOptions): Promise<WorkerHandle<WorkerJobApi>> {
  const worker = await spawnNodeWorker<WorkerJobApi>(new URL('../../support/workers/node-crash-worker.ts', import.meta.url), options);
  spawned.push(worker);
  return worker;
}

const EVENTS = 4_000;
const KEYS = 7;

describe('exactly-once state across workers (property)', () => {
  it('gives the counts of a failure-free run whatever the worker counts before and after a savepoint and wherever a worker dies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 500, max: 2_000 }),
        fc.integer({ min: 2_000, max: 3_800 }),
        async (before, after, holdAt, crashAt) => {
          const directory = await directories.make();
          const params = { events: EVENTS, keys: KEYS, crashAt, marker: `${directory}/crashed`, checkpoints: `${directory}/ckpt` };
          const options = {
            checkpointing: { interval: 1 },
            restartStrategy: { type: 'fixed-delay' as const, attempts: 3, delay: 0 },
            configuration: { stateBackend: 'filesystem' as const, stateBackendOptions: { directory: `${directory}/ckpt` } },
            sourceChunkSize: 50,
            timeSliceMs: 1,
          };
          // Run on `before` workers up to holdAt, stop with a savepoint...
          const first = await runInNodeWorkers({ worker: spawn, workers: before, pipeline: 'crashesOnce', params: { ...params, holdAt }, options });
          const linesBefore: string[] = [];
          first.output$<string>('lines').subscribe((line) => linesBefore.push(line));
          await firstValueFrom(first.output$<string>('lines').pipe(skip(holdAt - 1)));
          const savepoint = await first.stopWithSavepoint();
          await first.result;
          // ...then resume it on `after` workers, one of which dies once after a checkpoint past crashAt.
          const second = await runInNodeWorkers({
            worker: spawn,
            workers: after,
            pipeline: 'crashesOnce',
            params,
            options: { ...options, restore: { from: savepoint.bytes } },
          });
          const linesAfter = firstValueFrom(second.output$<string>('lines').pipe(toArray()));
          const restores = firstValueFrom(second.checkpoints$.pipe(filter((e) => e.type === 'restored'), toArray()));
          await second.result;
          // It started from the savepoint; after the crash it came back from its latest completed checkpoint
          // (or the savepoint again, when the crash raced the commit of its first checkpoint).
          const restored = await restores;
          expect(restored[0]).toMatchObject({ savepoint: true, checkpointId: savepoint.checkpointId });
          if (existsSync(params.marker)) expect(restored).toHaveLength(2);
          // Output is at-least-once across the crash; the counts (state) are exactly-once.
          expect([...new Set([...linesBefore, ...(await linesAfter)])].sort()).toEqual(expectedCountLines(EVENTS, KEYS));
          expect(linesBefore).toHaveLength(holdAt);
        },
      ),
      { numRuns: 3 },
    );
  }, 120_000);

  it('gives the counts of a failure-free run when a worker dies while a checkpoint is being taken or persisted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 6 }), async (workers, killAtCheckpoint) => {
        const directory = await directories.make();
        const params = { events: EVENTS, keys: KEYS, signal: `${directory}/die`, marker: `${directory}/killed` };
        const job = await runInNodeWorkers({
          worker: spawn,
          workers,
          pipeline: 'diesOnSignal',
          params,
          options: {
            checkpointing: { interval: 1 },
            restartStrategy: { type: 'fixed-delay' as const, attempts: 3, delay: 0 },
            configuration: { stateBackend: 'filesystem' as const, stateBackendOptions: { directory: `${directory}/ckpt` } },
            sourceChunkSize: 50,
            timeSliceMs: 1,
          },
        });
        const lines = firstValueFrom(job.output$<string>('lines').pipe(toArray()));
        const events: string[] = [];
        let triggered = 0;
        let completedBeforeRestart: boolean | undefined;
        job.checkpoints$.subscribe((e) => {
          events.push(e.type);
          // The n-th checkpoint is under way (triggered, not complete): a worker dies at its next record.
          if (e.type === 'triggered' && ++triggered === killAtCheckpoint) writeFileSync(params.signal, 'die');
        });
        job.status$.subscribe((status) => {
          if (status === 'RESTARTING') completedBeforeRestart ??= events.includes('completed');
        });
        await job.result;
        if (existsSync(params.marker)) {
          killed++;
          // It restarted; from the latest completed checkpoint when there was one (else from the start).
          expect(completedBeforeRestart).toBeDefined();
          if (completedBeforeRestart) expect(events).toContain('restored');
        }
        // Output is at-least-once across the kill; the counts (state) are exactly-once.
        expect([...new Set(await lines)].sort()).toEqual(expectedCountLines(EVENTS, KEYS));
      }),
      { numRuns: 6 },
    );
    // The property is only worth something if workers did die.
    expect(killed).toBeGreaterThan(0);
  }, 120_000);
});

let killed = 0;
