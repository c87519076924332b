import { describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { UserFunctionError } from '../../../src/errors/user-function-error.js';
import { planExecution } from '../../../src/runtime/execution-plan.js';
import { InvalidKeyError } from '../../../src/state/key-encoding.js';

const badKeys: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['NaN', NaN],
  ['a function', () => 1],
  ['a plain object', { id: 1 }],
  ['a symbol', Symbol('k')],
  ['an array holding undefined', ['a', undefined]],
];

/** Runs fromArray → keyBy(selector) → process → collect and returns the job, plus the process operator's uid. */
function runKeyed(selector: (x: number) => unknown, parallelism: number) {
  const env = StreamEnvironment.create({ parallelism });
  const out = env
    .fromArray([1, 2, 3])
    .keyBy(selector as never)
    .process<number>({ processElement: (v, _ctx, collector) => collector.collect(v) })
    .uid('counter');
  out.collect();
  return { job: env.execute(), env };
}

describe('a key selector that returns something that cannot be a key fails the job', () => {
  describe.each([1, 4])('at parallelism %i', (parallelism) => {
    it.each(badKeys)('%s → InvalidKeyError WEIR_INVALID_KEY naming the operator', async (_name, key) => {
      const { job } = runKeyed(() => key, parallelism);
      const error = await job.result.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidKeyError);
      expect((error as InvalidKeyError).code).toBe(ErrorCodes.INVALID_KEY);
      expect((error as InvalidKeyError).message).toContain("'counter'");
      expect(job.status).toBe('FAILED');
    });
  });

  it('only the records with a bad key matter: a bad key late in the input still fails the job', async () => {
    const { job } = runKeyed((x) => (x === 3 ? undefined : x), 1);
    await expect(job.result).rejects.toBeInstanceOf(InvalidKeyError);
  });

  it('a key selector that throws fails the job with UserFunctionError naming the keyed operator', async () => {
    const boom = new Error('no key here');
    const { job } = runKeyed(() => {
      throw boom;
    }, 4);
    const error = (await job.result.catch((e: unknown) => e)) as UserFunctionError;
    expect(error).toBeInstanceOf(UserFunctionError);
    expect(error.code).toBe(ErrorCodes.USER_FUNCTION_FAILED);
    expect(error.operator).toBe('counter');
    expect(error.cause).toBe(boom);
  });

  it('names the default uid of the keyed operator when none was set', async () => {
    const env = StreamEnvironment.create();
    env
      .fromArray([1])
      .keyBy(() => null as never)
      .process({ processElement() {} })
      .collect();
    const uid = planExecution(env.graph, { parallelism: 1, maxParallelism: 128 }).find((p) => p.node.name === 'KeyedProcess')!.uid;
    const error = (await env.execute().result.catch((e: unknown) => e)) as InvalidKeyError;
    expect(error).toBeInstanceOf(InvalidKeyError);
    expect(error.message).toContain(`'${uid}'`);
  });
});

describe('keys that are valid', () => {
  it.each([
    ['strings', (x: number) => `k${x % 2}`],
    ['numbers including -0', (x: number) => (x % 2 === 0 ? -0 : 1)],
    ['bigints', (x: number) => BigInt(x % 2)],
    ['booleans', (x: number) => x % 2 === 0],
    ['tuples', (x: number) => ['t', x % 2]],
    ['Infinity', () => Infinity],
  ])('%s are accepted and group records', async (_name, selector) => {
    const env = StreamEnvironment.create({ parallelism: 2 });
    const out = env
      .fromArray([1, 2, 3, 4, 5])
      .keyBy(selector as (x: number) => never)
      .process<number>({ processElement: (v, _ctx, c) => c.collect(v) })
      .collect();
    await env.execute().result;
    expect([...out.values].sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
