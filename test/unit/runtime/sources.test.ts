import { describe, expect, it } from 'vitest';
import { Subject, from, of, throwError } from 'rxjs';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { UserFunctionError } from '../../../src/errors/user-function-error.js';
import { turns, until } from './event-loop.js';

/** Runs `build`'s pipeline into a collect sink and returns the values. */
async function run<T>(build: (env: StreamEnvironment) => { collect(): { values: T[] } }, chunk = 1024): Promise<T[]> {
  const env = StreamEnvironment.create({ sourceChunkSize: chunk });
  const out = build(env).collect();
  const result = await env.execute().result;
  expect(result.status).toBe('FINISHED');
  return out.values;
}

describe('fromArray', () => {
  it('emits the elements in order and finishes', async () => {
    expect(await run((env) => env.fromArray([3, 1, 2]))).toEqual([3, 1, 2]);
  });

  it('finishes on an empty array with no records', async () => {
    expect(await run((env) => env.fromArray([]))).toEqual([]);
  });

  it('emits records without a timestamp', async () => {
    const env = StreamEnvironment.create();
    const out = env.fromArray(['a']).collect();
    await env.execute().result;
    expect(out.records).toEqual([{ value: 'a', timestamp: undefined }]);
  });

  it('emits every element of an array larger than one chunk', async () => {
    const items = Array.from({ length: 2_500 }, (_, i) => i);
    expect(await run((env) => env.fromArray(items), 100)).toEqual(items);
  });
});

describe('fromIterable', () => {
  it('emits what a Set yields, in insertion order', async () => {
    expect(await run((env) => env.fromIterable(new Set(['x', 'y', 'z'])))).toEqual(['x', 'y', 'z']);
  });

  it('emits what a re-iterable generator object yields', async () => {
    const iterable = {
      *[Symbol.iterator]() {
        for (let i = 0; i < 5; i++) yield i * 10;
      },
    };
    expect(await run((env) => env.fromIterable(iterable), 2)).toEqual([0, 10, 20, 30, 40]);
  });

  it('emits what a one-shot generator yields', async () => {
    function* gen() {
      yield 'a';
      yield 'b';
    }
    expect(await run((env) => env.fromIterable(gen()))).toEqual(['a', 'b']);
  });

  it('emits the entries of a Map', async () => {
    expect(await run((env) => env.fromIterable(new Map([['k', 1]])))).toEqual([['k', 1]]);
  });
});

describe('fromGenerator', () => {
  it('emits generate(i) for i in [0, count)', async () => {
    expect(await run((env) => env.fromGenerator({ count: 4, generate: (i) => `r${i}` }))).toEqual(['r0', 'r1', 'r2', 'r3']);
  });

  it('with count 0 finishes at once', async () => {
    expect(await run((env) => env.fromGenerator({ count: 0, generate: (i) => i }))).toEqual([]);
  });

  it('with count Infinity runs until cancelled, then resolves CANCELED', async () => {
    const env = StreamEnvironment.create({ sourceChunkSize: 50 });
    const out = env.fromGenerator({ count: Infinity, generate: (i) => i }).collect();
    const job = env.execute();
    await until(() => out.values.length >= 500);
    await job.cancel();
    const result = await job.result;
    expect(result.status).toBe('CANCELED');
    const seen = out.values.length;
    await turns(10);
    expect(out.values.length).toBe(seen);
    expect(out.values.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(out.values.every((v, i) => v === i)).toBe(true);
  });

  it.each([-1, 1.5, NaN, '3'])('rejects count %s', (count) => {
    const env = StreamEnvironment.create();
    expect(() => env.fromGenerator({ count: count as number, generate: (i) => i })).toThrow(
      expect.objectContaining({ code: ErrorCodes.INVALID_ARGUMENT }),
    );
  });

  it('rejects a generate that is not a function with WEIR_NOT_A_FUNCTION', () => {
    const env = StreamEnvironment.create();
    expect(() => env.fromGenerator({ count: 1, generate: 1 as never })).toThrow(expect.objectContaining({ code: ErrorCodes.NOT_A_FUNCTION }));
  });
});

describe('fromObservable', () => {
  it('receives values a Subject emits right after execute() returns', async () => {
    const env = StreamEnvironment.create();
    const subject = new Subject<number>();
    const out = env.fromObservable(subject).collect();
    const job = env.execute();
    subject.next(1);
    subject.next(2);
    subject.complete();
    await job.result;
    expect(out.values).toEqual([1, 2]);
  });

  it('receives values pushed later, while the job is running, and ends when the Observable completes', async () => {
    const env = StreamEnvironment.create();
    const subject = new Subject<string>();
    const out = env.fromObservable(subject).map((s) => s.toUpperCase()).collect();
    const job = env.execute();
    await turns(3);
    subject.next('a');
    await until(() => out.values.length === 1);
    expect(job.status).toBe('RUNNING');
    subject.next('b');
    subject.next('c');
    await until(() => out.values.length === 3);
    expect(job.status).toBe('RUNNING');
    subject.complete();
    const result = await job.result;
    expect(result.status).toBe('FINISHED');
    expect(out.values).toEqual(['A', 'B', 'C']);
  });

  it('runs a cold Observable to completion', async () => {
    expect(await run((env) => env.fromObservable(from([1, 2, 3])))).toEqual([1, 2, 3]);
    expect(await run((env) => env.fromObservable(of('only')))).toEqual(['only']);
  });

  it('fails the job when the Observable errors, with the error as cause', async () => {
    const env = StreamEnvironment.create();
    const subject = new Subject<number>();
    const out = env.fromObservable(subject).collect();
    const job = env.execute();
    subject.next(1);
    await until(() => out.values.length === 1);
    const boom = new Error('feed broke');
    subject.error(boom);
    const error = (await job.result.catch((e: unknown) => e)) as UserFunctionError;
    expect(error).toBeInstanceOf(UserFunctionError);
    expect(error.cause).toBe(boom);
    expect(job.status).toBe('FAILED');
  });

  it('fails the job for an Observable that errors at once', async () => {
    const env = StreamEnvironment.create();
    env.fromObservable(throwError(() => new Error('nope'))).collect();
    await expect(env.execute().result).rejects.toBeInstanceOf(UserFunctionError);
  });

  it('unsubscribes from the Observable when the job is cancelled', async () => {
    const env = StreamEnvironment.create();
    const subject = new Subject<number>();
    env.fromObservable(subject).collect();
    const job = env.execute();
    expect(subject.observed).toBe(true);
    await job.cancel();
    expect(subject.observed).toBe(false);
  });
});
