import { describe, expect, it } from 'vitest';
import { Subject } from 'rxjs';
import {
  ManualClock,
  StreamEnvironment,
  ValueStateDescriptor,
  WatermarkStrategy,
  type KeyedProcessFunction,
  type RuntimeContext,
  type ValueState,
} from '../../../src/index.js';
import { yieldToEventLoop } from '../../../src/runtime/yield-to-event-loop.js';

async function until(condition: () => boolean, maxTurns = 1000): Promise<void> {
  for (let i = 0; i < maxTurns && !condition(); i++) await yieldToEventLoop();
  expect(condition()).toBe(true);
}

interface Click {
  readonly user: string;
  readonly at: number;
}

/** Counts clicks per user; reports the count when the watermark passes `at + 100` of the first click. */
const countThenReport = {
  open(this: { count: ValueState<number> }, ctx: RuntimeContext) {
    this.count = ctx.getState(new ValueStateDescriptor<number>({ name: 'count', defaultValue: 0 }));
  },
  processElement(this: { count: ValueState<number> }, click: Click, ctx) {
    const n = this.count.value()! + 1;
    this.count.update(n);
    if (n === 1) ctx.timerService.registerEventTimeTimer(click.at + 100);
  },
  onTimer(this: { count: ValueState<number> }, time: number, ctx, out) {
    out.collect(`${ctx.currentKey}:${this.count.value()}@${time}`);
  },
} as KeyedProcessFunction<string, Click, string>;

describe('a job fed by an Observable in Chromium', () => {
  it('processes values as they are pushed, fires timers on periodic watermarks, and finishes on complete', async () => {
    const clock = new ManualClock(0);
    const env = StreamEnvironment.create({ clock, autoWatermarkInterval: 50, parallelism: 2 });
    const clicks = new Subject<Click>();
    let seen = 0;
    const out = env
      .fromObservable(clicks)
      .map((c) => (seen++, c))
      .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<Click>().withTimestampAssigner((c) => c.at))
      .keyBy((c) => c.user)
      .process(countThenReport)
      .collect();
    const job = env.execute();
    expect(job.status).toBe('RUNNING');

    clicks.next({ user: 'ann', at: 1_000 });
    clicks.next({ user: 'bob', at: 1_010 });
    clicks.next({ user: 'ann', at: 1_050 });
    await until(() => seen === 3);
    clock.advanceBy(50); // watermark 1049: no timer due
    expect(out.values).toEqual([]);

    clicks.next({ user: 'ann', at: 1_101 });
    await until(() => seen === 4);
    expect(out.values).toEqual([]);
    clock.advanceBy(50); // watermark 1100: ann's timer
    expect(out.values).toEqual(['ann:3@1100']);

    clicks.next({ user: 'cat', at: 1_200 });
    clicks.complete();
    const result = await job.result;
    expect(result.status).toBe('FINISHED');
    expect([...out.values].sort()).toEqual(['ann:3@1100', 'bob:1@1110', 'cat:1@1300']);
    expect(out.records.find((r) => r.value.startsWith('bob'))!.timestamp).toBe(1_110);
  });
});
