import { describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import { OutputTag } from '../../../src/api/output-tag.js';
import type { KeyedProcessFunction } from '../../../src/api/keyed-process-function.js';
import { ConfigError } from '../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { ManualClock } from '../../../src/time/manual-clock.js';
import { MIN_TIMESTAMP } from '../../../src/time/time-types.js';
import { WatermarkStrategy } from '../../../src/time/watermark-strategy.js';

const odd = new OutputTag<string>('odd');
const big = new OutputTag<number>('big');

/** Even numbers to the main output; odd ones as strings to `odd`; > 3 also to `big`. */
const splitter: KeyedProcessFunction<number, number, number> = {
  processElement(value, ctx, out) {
    if (value % 2 === 0) out.collect(value);
    else ctx.output(odd, `odd ${value}`);
    if (value > 3) ctx.output(big, value);
  },
};

describe('side outputs from process()', () => {
  describe.each([1, 3])('at parallelism %i', (parallelism) => {
    it('deliver each tagged value to the stream of its tag, and only there', async () => {
      const env = StreamEnvironment.create({ parallelism });
      const main = env
        .fromArray([1, 2, 3, 4, 5, 6])
        .keyBy((x) => x)
        .process(splitter);
      const mainOut = main.collect();
      const oddOut = main.getSideOutput(odd).collect();
      const bigOut = main.getSideOutput(big).collect();
      await env.execute().result;
      expect([...mainOut.values].sort()).toEqual([2, 4, 6]);
      expect([...oddOut.values].sort()).toEqual(['odd 1', 'odd 3', 'odd 5']);
      expect([...bigOut.values].sort()).toEqual([4, 5, 6]);
    });
  });

  it('carry the timestamp of the element being processed', async () => {
    const env = StreamEnvironment.create();
    const main = env
      .fromArray([1, 2, 3])
      .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<number>().withTimestampAssigner((x) => x * 100))
      .keyBy((x) => x)
      .process(splitter);
    const oddOut = main.getSideOutput(odd).collect();
    await env.execute().result;
    expect(oddOut.records).toEqual([
      { value: 'odd 1', timestamp: 100 },
      { value: 'odd 3', timestamp: 300 },
    ]);
  });

  it('carry the timer time when emitted from an event-time onTimer', async () => {
    const env = StreamEnvironment.create();
    const fired = new OutputTag<string>('fired');
    const main = env
      .fromArray([1])
      .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<number>().withTimestampAssigner(() => 5))
      .keyBy((x) => x)
      .process<never>({
        processElement: (_v, ctx) => ctx.timerService.registerEventTimeTimer(50),
        onTimer: (time, ctx) => ctx.output(fired, `at ${time}`),
      });
    const out = main.getSideOutput(fired).collect();
    await env.execute().result;
    expect(out.records).toEqual([{ value: 'at 50', timestamp: 50 }]);
  });

  it('carry watermarks: a keyed consumer of a side output sees event time advance mid-stream', async () => {
    const env = StreamEnvironment.create({ clock: new ManualClock(), parallelism: 2 });
    const punctuated = WatermarkStrategy.forGenerator<number>(() => ({
      onEvent: (_e, ts, out) => out.emitWatermark(ts),
      onPeriodicEmit() {},
    })).withTimestampAssigner((x) => x * 10);
    const seen: [string, number][] = [];
    env
      .fromArray([1, 2, 3, 4, 5, 6])
      .assignTimestampsAndWatermarks(punctuated)
      .keyBy((x) => x % 2)
      .process(splitter)
      .getSideOutput(odd)
      .keyBy((s) => s)
      .process({ processElement: (s, ctx) => void seen.push([s, ctx.timerService.currentWatermark()]) })
      .collect();
    await env.execute().result;
    // Each element's watermark (its timestamp) follows it, so 'odd 5' (ts 50) arrives after watermark 40.
    expect(new Map(seen)).toEqual(new Map([['odd 1', MIN_TIMESTAMP], ['odd 3', 20], ['odd 5', 40]]));
  });

  it('that nobody reads are dropped without affecting the main output', async () => {
    const env = StreamEnvironment.create();
    const mainOut = env
      .fromArray([1, 2, 3, 4])
      .keyBy((x) => x)
      .process(splitter)
      .collect();
    await env.execute().result;
    expect(mainOut.values).toEqual([2, 4]);
  });

  it('can be read without reading the main output, and transformed further', async () => {
    const env = StreamEnvironment.create({ parallelism: 2 });
    const out = env
      .fromArray([1, 2, 3])
      .keyBy((x) => x)
      .process(splitter)
      .getSideOutput(odd)
      .map((s) => s.toUpperCase())
      .collect();
    await env.execute().result;
    expect([...out.values].sort()).toEqual(['ODD 1', 'ODD 3']);
  });

  it('can be unioned with the main output', async () => {
    const env = StreamEnvironment.create();
    const main = env
      .fromArray([1, 2, 3])
      .keyBy((x) => x)
      .process(splitter);
    const out = main
      .map(String)
      .union(main.getSideOutput(odd))
      .collect();
    await env.execute().result;
    expect([...out.values].sort()).toEqual(['2', 'odd 1', 'odd 3']);
  });

  it('tags with the same id are the same side output', async () => {
    const env = StreamEnvironment.create();
    const main = env
      .fromArray([1, 2, 3])
      .keyBy((x) => x)
      .process(splitter);
    const out = main.getSideOutput(new OutputTag<string>('odd')).collect();
    await env.execute().result;
    expect(out.values).toEqual(['odd 1', 'odd 3']);
  });
});

describe('OutputTag', () => {
  it.each(['', undefined, 3])('rejects id %s with WEIR_INVALID_ARGUMENT', (id) => {
    expect(() => new OutputTag(id as string)).toThrow(ConfigError);
    expect(() => new OutputTag(id as string)).toThrow(expect.objectContaining({ code: ErrorCodes.INVALID_ARGUMENT }));
  });

  it('getSideOutput of a union is refused with WEIR_INVALID_ARGUMENT', () => {
    const env = StreamEnvironment.create();
    const union = env.fromArray([1]).union(env.fromArray([2]));
    expect(() => union.getSideOutput(odd)).toThrow(expect.objectContaining({ code: ErrorCodes.INVALID_ARGUMENT }));
  });
});
