import { describe, expect, it } from 'vitest';
import { toArray, firstValueFrom } from 'rxjs';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import { CollectSink } from '../../../src/connectors/sinks/collect-sink.js';
import type { Sink, SinkContext } from '../../../src/connectors/sink.js';
import { WatermarkStrategy } from '../../../src/time/watermark-strategy.js';
import { UserFunctionError } from '../../../src/errors/user-function-error.js';
import { turns } from '../runtime/event-loop.js';

describe('collect()', () => {
  it('collects values and records with their timestamps', async () => {
    const env = StreamEnvironment.create();
    const sink = env
      .fromArray([3, 1, 2])
      .assignTimestampsAndWatermarks(WatermarkStrategy.forBoundedOutOfOrderness<number>(5).withTimestampAssigner((x) => x * 1000))
      .collect();
    expect(sink).toBeInstanceOf(CollectSink);
    await env.execute().result;
    expect(sink.values).toEqual([3, 1, 2]);
    expect(sink.records).toEqual([
      { value: 3, timestamp: 3000 },
      { value: 1, timestamp: 1000 },
      { value: 2, timestamp: 2000 },
    ]);
  });

  it('gives undefined timestamps to records that have none', async () => {
    const env = StreamEnvironment.create();
    const sink = env.fromArray(['x']).collect();
    await env.execute().result;
    expect(sink.records[0]!.timestamp).toBeUndefined();
  });
});

describe('toObservable()', () => {
  it('emits every value and completes when the job finishes', async () => {
    const env = StreamEnvironment.create();
    const all = firstValueFrom(env.fromArray([1, 2, 3]).map((x) => x * 2).toObservable().pipe(toArray()));
    const job = env.execute();
    expect(await all).toEqual([2, 4, 6]);
    expect((await job.result).status).toBe('FINISHED');
  });

  it('completes when the job is cancelled', async () => {
    const env = StreamEnvironment.create();
    let completed = false;
    env
      .fromGenerator({ count: Infinity, generate: (i) => i })
      .toObservable()
      .subscribe({ complete: () => (completed = true) });
    const job = env.execute();
    await job.cancel();
    expect(completed).toBe(true);
  });

  it('errors with the job failure', async () => {
    const env = StreamEnvironment.create();
    const values = env
      .fromArray([1])
      .map(() => {
        throw new Error('x');
      })
      .toObservable();
    const all = firstValueFrom(values.pipe(toArray())).catch((e: unknown) => e);
    env.execute();
    expect(await all).toBeInstanceOf(UserFunctionError);
  });
});

describe('print()', () => {
  it('writes `prefix> value` lines to a custom writeLine', async () => {
    const env = StreamEnvironment.create();
    const lines: string[] = [];
    env.fromArray<unknown>(['hello', 42, { a: 1 }, [1, 'b'], 10n]).print('out', (line) => lines.push(line));
    await env.execute().result;
    expect(lines).toEqual(['out> hello', 'out> 42', 'out> {"a":1}', 'out> [1,"b"]', 'out> 10n']);
  });

  it('writes the bare value without a prefix at parallelism 1', async () => {
    const env = StreamEnvironment.create();
    const lines: string[] = [];
    env.fromArray(['a']).print(undefined, (line) => lines.push(line));
    await env.execute().result;
    expect(lines).toEqual(['a']);
  });

  it('adds the 1-based subtask number at parallelism > 1', async () => {
    const env = StreamEnvironment.create({ parallelism: 2 });
    const lines: string[] = [];
    env
      .fromArray(['a', 'b', 'c', 'd'])
      .keyBy((s) => s)
      .process<string>({ processElement: (v, _c, o) => o.collect(v) })
      .print('p', (line) => lines.push(line));
    await env.execute().result;
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(/^p:[12]> [a-d]$/);
  });
});

describe('forEach() and sinkTo()', () => {
  it('forEach gets value, timestamp and the sink context', async () => {
    const env = StreamEnvironment.create();
    const calls: [number, number | undefined, SinkContext][] = [];
    env
      .fromArray([7])
      .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<number>().withTimestampAssigner(() => 70))
      .forEach((v, ts, ctx) => calls.push([v, ts, ctx]));
    await env.execute().result;
    expect(calls).toEqual([[7, 70, { subtaskIndex: 0, parallelism: 1 }]]);
  });

  it('a custom sink hears finish and close per writer, then onJobFinished once', async () => {
    const events: string[] = [];
    const sink: Sink<number> = {
      name: 'Recording Sink',
      createWriter: (ctx) => ({
        write: (v) => events.push(`write ${v}@${ctx.subtaskIndex}`),
        finish: () => void events.push(`finish@${ctx.subtaskIndex}`),
        close: () => events.push(`close@${ctx.subtaskIndex}`),
      }),
      onJobFinished: () => events.push('job finished'),
      onJobFailed: () => events.push('job failed'),
    };
    const env = StreamEnvironment.create();
    env.fromArray([1, 2]).sinkTo(sink);
    await env.execute().result;
    expect(events).toEqual(['write 1@0', 'write 2@0', 'finish@0', 'close@0', 'job finished']);
  });

  it('an asynchronous finish holds the job’s end until it settles; close and onJobFinished follow it', async () => {
    const events: string[] = [];
    let settle!: () => void;
    let finishCalled!: () => void;
    const finishing = new Promise<void>((resolve) => (finishCalled = resolve));
    const sink: Sink<number> = {
      name: 'Async Finish Sink',
      createWriter: () => ({
        write() {},
        finish: () => {
          finishCalled();
          return new Promise<void>((resolve) => (settle = resolve)).then(() => void events.push('finish settled'));
        },
        close: () => events.push('close'),
      }),
      onJobFinished: () => events.push('job finished'),
    };
    const env = StreamEnvironment.create();
    env.fromArray([1, 2]).sinkTo(sink);
    const job = env.execute();
    await finishing;
    await turns(10);
    expect(job.status).toBe('RUNNING');
    settle();
    expect((await job.result).status).toBe('FINISHED');
    expect(events).toEqual(['finish settled', 'close', 'job finished']);
  });

  it('a rejecting asynchronous finish fails the job with UserFunctionError naming the sink', async () => {
    const refused = new Error('last commit refused');
    const env = StreamEnvironment.create();
    env
      .fromArray([1, 2])
      .sinkTo({ name: 'Async Finish Sink', createWriter: () => ({ write() {}, finish: () => Promise.reject(refused) }) })
      .uid('async-sink');
    const job = env.execute();
    const error = (await job.result.catch((e: unknown) => e)) as UserFunctionError;
    expect(error).toBeInstanceOf(UserFunctionError);
    expect(error.operator).toBe('async-sink');
    expect(error.cause).toBe(refused);
    expect(job.status).toBe('FAILED');
  });

  it('a custom sink hears onJobFailed with the error when the job fails', async () => {
    const failures: unknown[] = [];
    const env = StreamEnvironment.create();
    env
      .fromArray([1])
      .map(() => {
        throw new Error('bad');
      })
      .sinkTo({ name: 'S', createWriter: () => ({ write() {} }), onJobFailed: (e) => failures.push(e) });
    const error = await env.execute().result.catch((e: unknown) => e);
    expect(failures).toEqual([error]);
  });

  it('several sinks each get every record', async () => {
    const env = StreamEnvironment.create();
    const s = env.fromArray([1, 2]);
    const a = s.collect();
    const b = s.collect();
    await env.execute().result;
    expect(a.values).toEqual([1, 2]);
    expect(b.values).toEqual([1, 2]);
  });
});

describe('sink job hooks that throw', () => {
  const throwingHook = () => {
    throw new Error('hook');
  };

  it('a throwing onJobFinished fails the job with UserFunctionError naming the sink, not an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const env = StreamEnvironment.create();
      env
        .fromArray([1])
        .sinkTo({ name: 'Committing Sink', createWriter: () => ({ write() {} }), onJobFinished: throwingHook })
        .uid('committer');
      const job = env.execute();
      const error = (await job.result.catch((e: unknown) => e)) as UserFunctionError;
      expect(error).toBeInstanceOf(UserFunctionError);
      expect(error.operator).toBe('committer');
      expect(job.status).toBe('FAILED');
      await turns(5);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it('a throwing onJobFailed does not hide the job failure', async () => {
    const env = StreamEnvironment.create();
    const boom = new Error('map broke');
    env
      .fromArray([1])
      .map(() => {
        throw boom;
      })
      .sinkTo({ name: 'S', createWriter: () => ({ write() {} }), onJobFailed: throwingHook });
    const error = (await env.execute().result.catch((e: unknown) => e)) as UserFunctionError;
    expect(error.cause).toBe(boom);
  });

  it('a throwing onJobCanceled does not stop the cancel', async () => {
    const env = StreamEnvironment.create();
    env.fromGenerator({ count: Infinity, generate: (i) => i }).sinkTo({ name: 'S', createWriter: () => ({ write() {} }), onJobCanceled: throwingHook });
    const job = env.execute();
    await job.cancel();
    expect((await job.result).status).toBe('CANCELED');
  });
});
