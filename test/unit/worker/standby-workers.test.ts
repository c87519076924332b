import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { WorkerError } from '../../../src/errors/worker-error.js';
import type { WorkerJobApi } from '../../../src/worker/serve-worker.js';
import { StandbyWorkers } from '../../../src/worker/standby-workers.js';
import type { SpawnWorkerOptions, WorkerHandle } from '../../../src/worker/worker-handle.js';

/** In-memory workers: each records whether it was terminated and can be made to crash. */
function inMemoryWorkers() {
  const started: { name: string; terminated: boolean; crash: (error: WorkerError) => void }[] = [];
  const spawn = async (options: SpawnWorkerOptions): Promise<WorkerHandle<WorkerJobApi>> => {
    const worker = { name: options.name ?? '?', terminated: false, crash: (error: WorkerError) => options.onCrash?.(error) };
    started.push(worker);
    return {
      name: worker.name,
      remote: {} as WorkerHandle<WorkerJobApi>['remote'],
      terminate: async () => {
        worker.terminated = true;
      },
    };
  };
  return { started, spawn };
}

const crash = (name: string) => new WorkerError(ErrorCodes.WORKER_FAILED, `Worker '${name}' crashed.`);

describe('StandbyWorkers', () => {
  it('hands its workers, in order, to the first claim only', async () => {
    const { spawn } = inMemoryWorkers();
    const standby = await StandbyWorkers.spawn(spawn, ['job-0', 'job-1']);
    expect(standby.planner.name).toBe('job-0');
    expect(standby.claim(() => {})?.map((h) => h.name)).toEqual(['job-0', 'job-1']);
    expect(standby.claim(() => {})).toBeUndefined();
  });

  it('reports a crash from before the claim to the claimer, and later crashes as they happen', async () => {
    const { started, spawn } = inMemoryWorkers();
    const standby = await StandbyWorkers.spawn(spawn, ['job-0', 'job-1']);
    started[0]!.crash(crash('job-0'));
    const heard: string[] = [];
    standby.claim((error) => heard.push(error.message));
    expect(heard).toEqual([]);
    await Promise.resolve();
    expect(heard).toEqual(["Worker 'job-0' crashed."]);
    started[1]!.crash(crash('job-1'));
    expect(heard).toEqual(["Worker 'job-0' crashed.", "Worker 'job-1' crashed."]);
  });

  it('stops unclaimed workers on release, and leaves claimed ones to their claimer', async () => {
    const unclaimed = inMemoryWorkers();
    const released = await StandbyWorkers.spawn(unclaimed.spawn, ['a-0', 'a-1']);
    await released.release();
    expect(unclaimed.started.map((w) => w.terminated)).toEqual([true, true]);
    expect(released.claim(() => {})).toBeUndefined();

    const claimed = inMemoryWorkers();
    const standby = await StandbyWorkers.spawn(claimed.spawn, ['b-0', 'b-1']);
    standby.claim(() => {});
    await standby.release();
    expect(claimed.started.map((w) => w.terminated)).toEqual([false, false]);
  });

  it('stops the workers that started when another fails to start, and rejects with that failure', async () => {
    const { started, spawn } = inMemoryWorkers();
    const failure = new WorkerError(ErrorCodes.WORKER_FAILED, "Worker 'job-1' failed to load.");
    const flaky = (options: SpawnWorkerOptions) => (options.name === 'job-1' ? Promise.reject(failure) : spawn(options));
    await expect(StandbyWorkers.spawn(flaky, ['job-0', 'job-1', 'job-2'])).rejects.toBe(failure);
    expect(started.map((w) => [w.name, w.terminated])).toEqual([
      ['job-0', true],
      ['job-2', true],
    ]);
  });
});
