import { describe, expect, it } from 'vitest';
import { Subject } from 'rxjs';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import type { JobStatus } from '../../../src/runtime/job-status.js';
import { turns, until } from './event-loop.js';

function record(statuses: JobStatus[]) {
  return { next: (s: JobStatus) => void statuses.push(s), complete: () => void statuses.push('<complete>' as JobStatus) };
}

describe('a job client', () => {
  it('status$ emits RUNNING then FINISHED, then completes', async () => {
    const env = StreamEnvironment.create();
    env.fromArray([1, 2]).collect();
    const job = env.execute('two numbers');
    const statuses: JobStatus[] = [];
    job.status$.subscribe(record(statuses));
    expect(job.status).toBe('RUNNING');
    const result = await job.result;
    expect(statuses).toEqual(['RUNNING', 'FINISHED', '<complete>']);
    expect(job.status).toBe('FINISHED');
    expect(result).toMatchObject({ jobId: job.jobId, jobName: 'two numbers', status: 'FINISHED' });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('status$ emits RUNNING then FAILED when a function throws', async () => {
    const env = StreamEnvironment.create();
    env
      .fromArray([1])
      .map(() => {
        throw new Error('x');
      })
      .collect();
    const job = env.execute();
    const statuses: JobStatus[] = [];
    job.status$.subscribe(record(statuses));
    await job.result.catch(() => {});
    expect(statuses).toEqual(['RUNNING', 'FAILED', '<complete>']);
  });

  it('a subscriber after the end sees the terminal status and completion', async () => {
    const env = StreamEnvironment.create();
    env.fromArray([1]).collect();
    const job = env.execute();
    await job.result;
    const statuses: JobStatus[] = [];
    job.status$.subscribe(record(statuses));
    // A completed BehaviorSubject replays only completion; `status` still tells the truth.
    expect(statuses.at(-1)).toBe('<complete>');
    expect(job.status).toBe('FINISHED');
  });

  it('cancel() goes RUNNING → CANCELLING → CANCELED and result resolves with CANCELED', async () => {
    const env = StreamEnvironment.create();
    const input = new Subject<number>();
    const out = env.fromObservable(input).collect();
    const job = env.execute();
    const statuses: JobStatus[] = [];
    job.status$.subscribe(record(statuses));
    input.next(1);
    await until(() => out.values.length === 1);
    await job.cancel();
    expect(statuses).toEqual(['RUNNING', 'CANCELLING', 'CANCELED', '<complete>']);
    expect(job.status).toBe('CANCELED');
    const result = await job.result;
    expect(result.status).toBe('CANCELED');
    expect(result.jobId).toBe(job.jobId);
  });

  it('records emitted after cancel() do not reach the sinks', async () => {
    const env = StreamEnvironment.create();
    const input = new Subject<number>();
    const out = env.fromObservable(input).collect();
    const job = env.execute();
    input.next(1);
    await until(() => out.values.length === 1);
    await job.cancel();
    input.next(2);
    await turns(5);
    expect(out.values).toEqual([1]);
  });

  it('cancel() right after execute() cancels before any record flows', async () => {
    const env = StreamEnvironment.create();
    const out = env.fromArray([1, 2, 3]).collect();
    const job = env.execute();
    await job.cancel();
    expect((await job.result).status).toBe('CANCELED');
    expect(out.values).toEqual([]);
  });

  it('cancel() after the job finished changes nothing', async () => {
    const env = StreamEnvironment.create();
    env.fromArray([1]).collect();
    const job = env.execute();
    await job.result;
    await job.cancel();
    expect(job.status).toBe('FINISHED');
    expect((await job.result).status).toBe('FINISHED');
  });

  it('cancel() after the job failed leaves it FAILED', async () => {
    const env = StreamEnvironment.create();
    env
      .fromArray([1])
      .map(() => {
        throw new Error('x');
      })
      .collect();
    const job = env.execute();
    await job.result.catch(() => {});
    await job.cancel();
    expect(job.status).toBe('FAILED');
  });

  it('gives each job its own id', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const env = StreamEnvironment.create();
      env.fromArray([1]).collect();
      const job = env.execute();
      ids.add(job.jobId);
      void job.cancel();
    }
    expect(ids.size).toBe(5);
  });
});
