import { describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import { OutputTag } from '../../../src/api/output-tag.js';
import type { KeyedProcessFunction } from '../../../src/api/keyed-process-function.js';
import { ManualClock } from '../../../src/time/manual-clock.js';
import { WatermarkStrategy } from '../../../src/time/watermark-strategy.js';

const numbers = Array.from({ length: 100 }, (_, i) => i);
const sortNumbers = (xs: number[]) => [...xs].sort((a, b) => a - b);
const passThrough: KeyedProcessFunction<number, number, number> = { processElement: (v, _c, o) => o.collect(v) };

describe('exchanges between operators', () => {
  it('rebalance spreads records round robin over a wider operator and loses none', async () => {
    const env = StreamEnvironment.create();
    const perSubtask = new Map<number, number>();
    env
      .fromArray(numbers)
      .map((x) => x)
      .setParallelism(4)
      .forEach((_v, _ts, ctx) => perSubtask.set(ctx.subtaskIndex, (perSubtask.get(ctx.subtaskIndex) ?? 0) + 1));
    await env.execute().result;
    expect([...perSubtask.entries()].sort()).toEqual([
      [0, 25],
      [1, 25],
      [2, 25],
      [3, 25],
    ]);
  });

  it('narrowing from parallelism 4 to 1 merges every subtask’s records', async () => {
    const env = StreamEnvironment.create({ parallelism: 4 });
    const out = env
      .fromArray(numbers)
      .keyBy((x) => x % 7)
      .process(passThrough)
      .map((x) => x * 2)
      .setParallelism(1)
      .collect();
    await env.execute().result;
    expect(sortNumbers(out.values)).toEqual(numbers.map((x) => x * 2));
  });

  it('two keyed stages in a row pass records and watermarks: timers of the second stage fire', async () => {
    const env = StreamEnvironment.create({ parallelism: 3, clock: new ManualClock() });
    const out = env
      .fromArray(numbers)
      .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<number>().withTimestampAssigner((x) => x))
      .keyBy((x) => x % 5)
      .process(passThrough)
      .keyBy((x) => x % 4)
      .process<string>({
        processElement: (_v, ctx) => ctx.timerService.registerEventTimeTimer(1_000),
        onTimer: (time, ctx, o) => o.collect(`${ctx.currentKey}@${time}`),
      })
      .collect();
    await env.execute().result;
    expect([...out.values].sort()).toEqual(['0@1000', '1@1000', '2@1000', '3@1000']);
  });

  it('a side output can be keyed and processed at another parallelism', async () => {
    const odd = new OutputTag<number>('odd');
    const env = StreamEnvironment.create({ parallelism: 2 });
    const main = env
      .fromArray(numbers)
      .keyBy((x) => x % 3)
      .process<number>({ processElement: (v, ctx, o) => (v % 2 === 0 ? o.collect(v) : ctx.output(odd, v)) });
    const counts = main
      .getSideOutput(odd)
      .keyBy((x) => x % 10)
      .process<number>({ processElement: (v, _c, o) => o.collect(v) })
      .setParallelism(3)
      .collect();
    const evens = main.collect();
    await env.execute().result;
    expect(sortNumbers(counts.values)).toEqual(numbers.filter((x) => x % 2 === 1));
    expect(sortNumbers(evens.values)).toEqual(numbers.filter((x) => x % 2 === 0));
  });

  it('a union of a stream with itself carries every record twice', async () => {
    const env = StreamEnvironment.create();
    const s = env.fromArray([1, 2]);
    const out = s.union(s).collect();
    await env.execute().result;
    expect(sortNumbers(out.values)).toEqual([1, 1, 2, 2]);
  });

  it('open() runs before the first record and close() once per subtask at the end', async () => {
    const env = StreamEnvironment.create({ parallelism: 2 });
    const events: string[] = [];
    env
      .fromArray([1, 2, 3])
      .keyBy((x) => x)
      .process({
        open: (ctx) => void events.push(`open ${ctx.subtaskIndex}`),
        processElement: () => void events.push('element'),
        close: () => void events.push('close'),
      })
      .collect();
    await env.execute().result;
    expect(events.filter((e) => e.startsWith('open')).sort()).toEqual(['open 0', 'open 1']);
    expect(events.slice(0, 2).every((e) => e.startsWith('open'))).toBe(true);
    expect(events.filter((e) => e === 'element')).toHaveLength(3);
    expect(events.slice(-2)).toEqual(['close', 'close']);
  });

  it('close() also runs when the job is cancelled', async () => {
    const env = StreamEnvironment.create();
    let closed = 0;
    env
      .fromGenerator({ count: Infinity, generate: (i) => i })
      .keyBy((x) => x % 3)
      .process({ processElement() {}, close: () => void closed++ })
      .collect();
    const job = env.execute();
    await job.cancel();
    expect(closed).toBe(1);
  });
});
