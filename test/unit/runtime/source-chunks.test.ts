import { describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import type { JobClient } from '../../../src/runtime/job-client.js';
import type { PollStatus, Source, SourceEmit, SourceReader } from '../../../src/connectors/source.js';
import { UserFunctionError } from '../../../src/errors/user-function-error.js';
import { turns } from './event-loop.js';

/** A bounded source of `count` numbers that records how many it emitted per pollNext. */
class CountingSource implements Source<number> {
  readonly name = 'Counting Source';
  readonly replayable = true;
  readonly bounded = true;
  readonly perPoll: number[] = [];
  readonly maxAsked: number[] = [];
  closed = 0;

  constructor(private readonly count: number) {}

  createReader(): SourceReader<number> {
    let next = 0;
    return {
      pollNext: (max: number, emit: SourceEmit<number>): PollStatus => {
        this.maxAsked.push(max);
        let emitted = 0;
        // Deliberately honest: emits up to max. The test checks the runtime never asks for more.
        while (emitted < max && next < this.count) {
          emit(next++, next);
          emitted++;
        }
        this.perPoll.push(emitted);
        return next < this.count ? 'more' : 'end';
      },
      position: () => next,
      seek: (position) => {
        next = position as number;
      },
      close: () => {
        this.closed++;
      },
    };
  }
}

describe('sources are pulled in bounded chunks', () => {
  it('a source of 10 000 records with sourceChunkSize 100 never emits more than 100 per pollNext', async () => {
    const source = new CountingSource(10_000);
    const env = StreamEnvironment.create({ sourceChunkSize: 100 });
    const out = env.fromSource(source).collect();
    await env.execute().result;
    expect(out.values).toHaveLength(10_000);
    expect(new Set(source.maxAsked)).toEqual(new Set([100]));
    expect(Math.max(...source.perPoll)).toBe(100);
    expect(source.perPoll).toHaveLength(100);
    expect(source.perPoll.reduce((a, b) => a + b, 0)).toBe(10_000);
  });

  it('passes the default chunk size of 1024', async () => {
    const source = new CountingSource(3_000);
    const env = StreamEnvironment.create();
    env.fromSource(source).collect();
    await env.execute().result;
    expect(new Set(source.maxAsked)).toEqual(new Set([1024]));
  });

  it('keeps the timestamps a source emits', async () => {
    const env = StreamEnvironment.create({ sourceChunkSize: 2 });
    const out = env.fromSource(new CountingSource(3)).collect();
    await env.execute().result;
    expect(out.records).toEqual([
      { value: 0, timestamp: 1 },
      { value: 1, timestamp: 2 },
      { value: 2, timestamp: 3 },
    ]);
  });

  it('closes the reader when the job finishes', async () => {
    const source = new CountingSource(10);
    const env = StreamEnvironment.create();
    env.fromSource(source).collect();
    await env.execute().result;
    expect(source.closed).toBe(1);
  });

  it('stops polling once the job is cancelled, even mid-chunk', async () => {
    const source = new CountingSource(1_000_000);
    const env = StreamEnvironment.create({ sourceChunkSize: 10 });
    let job: JobClient | undefined;
    env
      .fromSource(source)
      .map((x) => {
        if (x === 25) void job!.cancel();
        return x;
      })
      .collect();
    job = env.execute();
    expect((await job.result).status).toBe('CANCELED');
    const polls = source.perPoll.length;
    await turns(10);
    expect(source.perPoll.length).toBe(polls);
    expect(polls).toBe(3);
    expect(source.closed).toBe(1);
  });
});

describe('a custom source that throws', () => {
  const boom = new Error('source broke');
  const failing = (part: 'createReader' | 'pollNext'): Source<number> => ({
    name: 'Failing Source',
    replayable: false,
    bounded: true,
    createReader() {
      if (part === 'createReader') throw boom;
      return {
        pollNext() {
          throw boom;
        },
        position: () => undefined,
        seek() {},
        close() {},
      };
    },
  });

  it.each(['createReader', 'pollNext'] as const)('in %s fails the job with UserFunctionError naming the source', async (part) => {
    const env = StreamEnvironment.create();
    env.fromSource(failing(part)).uid('failing-source').collect();
    const job = env.execute();
    const error = (await job.result.catch((e: unknown) => e)) as UserFunctionError;
    expect(error).toBeInstanceOf(UserFunctionError);
    expect(error.operator).toBe('failing-source');
    expect(error.cause).toBe(boom);
    expect(job.status).toBe('FAILED');
  });
});
