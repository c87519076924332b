import { describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import { UserFunctionError } from '../../../src/errors/user-function-error.js';
import { WatermarkStrategy } from '../../../src/time/watermark-strategy.js';
import { TumblingEventTimeWindows } from '../../../src/windowing/assigners/tumbling-event-time-windows.js';

describe('operator chaining', () => {
  it('names the chained operator that threw, not the first one of its chain', async () => {
    const env = StreamEnvironment.create();
    env
      .fromArray([1, 2, 3])
      .map((x) => x * 2)
      .uid('double')
      .filter((x) => {
        if (x === 4) throw new RangeError('no fours');
        return true;
      })
      .uid('no-fours')
      .map((x) => x + 1)
      .uid('inc')
      .collect();
    const error = await env.execute().result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFunctionError);
    expect((error as UserFunctionError).operator).toBe('no-fours');
  });

  it('flushes windows at end of input through the rest of the chain, in order', async () => {
    const env = StreamEnvironment.create();
    const out = env
      .fromArray([
        { k: 'a', t: 1 },
        { k: 'a', t: 2 },
        { k: 'b', t: 5_000 },
      ])
      .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<{ k: string; t: number }>().withTimestampAssigner((e) => e.t))
      .keyBy((e) => e.k)
      .window(TumblingEventTimeWindows.of(1_000))
      .aggregate({ createAccumulator: () => 0, add: (_e, n: number) => n + 1, getResult: (n) => n, merge: (a, b) => a + b })
      .map((n) => n * 10)
      .filter((n) => n > 0)
      .collect();
    await env.execute().result;
    expect(out.records).toEqual([
      { value: 20, timestamp: 999 },
      { value: 10, timestamp: 5_999 },
    ]);
  });

  it('gives the same results with parallelism 2, where keyed operators are not chained to their input', async () => {
    const run = async (parallelism: number) => {
      const env = StreamEnvironment.create({ parallelism });
      const out = env
        .fromArray(Array.from({ length: 200 }, (_, i) => ({ k: `k${i % 7}`, t: i * 10 })))
        .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<{ k: string; t: number }>().withTimestampAssigner((e) => e.t))
        .keyBy((e) => e.k)
        .window(TumblingEventTimeWindows.of(300))
        .aggregate({ createAccumulator: () => 0, add: (_e, n: number) => n + 1, getResult: (n) => n, merge: (a, b) => a + b })
        .map((n) => n + 1000)
        .collect();
      await env.execute().result;
      return out.records.map((r) => `${r.timestamp}:${r.value}`).sort();
    };
    expect(await run(2)).toEqual(await run(1));
  });
});
