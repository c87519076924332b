import { describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import type { KeyedProcessFunction } from '../../../src/api/keyed-process-function.js';
import { ManualClock } from '../../../src/time/manual-clock.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from '../../../src/time/time-types.js';
import { WatermarkStrategy } from '../../../src/time/watermark-strategy.js';

/** An input record: its key and timestamp, timers to register, timers to delete. */
interface Cmd {
  readonly key: string;
  readonly ts: number;
  readonly register?: readonly number[];
  readonly remove?: readonly number[];
}

/** Watermark = each event's timestamp, emitted right after it (punctuated). */
const punctuated = WatermarkStrategy.forGenerator<Cmd>(() => ({
  onEvent: (_e, ts, out) => out.emitWatermark(ts),
  onPeriodicEmit: () => {},
})).withTimestampAssigner((c) => c.ts);

/** Timestamps only: the one watermark is the final one at end of input. */
const endOnly = WatermarkStrategy.noWatermarks<Cmd>().withTimestampAssigner((c) => c.ts);

/** Emits `elem <key>@<ts> wm=<wm>` per element and `timer <key>@<time> wm=<wm>` per timer. */
const timers: KeyedProcessFunction<string, Cmd, string> = {
  processElement(cmd, ctx, out) {
    out.collect(`elem ${ctx.currentKey}@${ctx.timestamp} wm=${ctx.timerService.currentWatermark()}`);
    for (const t of cmd.register ?? []) ctx.timerService.registerEventTimeTimer(t);
    for (const t of cmd.remove ?? []) ctx.timerService.deleteEventTimeTimer(t);
  },
  onTimer(time, ctx, out) {
    expect(ctx.timeDomain).toBe('event-time');
    expect(ctx.timestamp).toBe(time);
    out.collect(`timer ${ctx.currentKey}@${time} wm=${ctx.timerService.currentWatermark()}`);
  },
};

async function run(input: Cmd[], strategy: WatermarkStrategy<Cmd>, parallelism = 1) {
  // A ManualClock nobody advances: no periodic watermarks, so the test controls every watermark.
  const env = StreamEnvironment.create({ clock: new ManualClock(), parallelism });
  const out = env.fromArray(input).assignTimestampsAndWatermarks(strategy).keyBy((c) => c.key).process(timers).collect();
  await env.execute().result;
  return out;
}

const firedOnly = (values: string[]) => values.filter((v) => v.startsWith('timer')).map((v) => v.split(' ')[1]);

describe('event-time timers in a keyed process function', () => {
  it('fire in timestamp order across keys, and in registration order at one time', async () => {
    const out = await run(
      [
        { key: 'a', ts: 1, register: [300, 100, 200] },
        { key: 'b', ts: 2, register: [150, 100] },
      ],
      endOnly,
    );
    expect(firedOnly(out.values)).toEqual(['a@100', 'b@100', 'b@150', 'a@200', 'a@300']);
  });

  it('fire once per key and time however often they are registered', async () => {
    const out = await run(
      [
        { key: 'a', ts: 1, register: [100, 100] },
        { key: 'a', ts: 2, register: [100] },
        { key: 'b', ts: 3, register: [100] },
      ],
      endOnly,
    );
    expect(firedOnly(out.values)).toEqual(['a@100', 'b@100']);
  });

  it('stamp their outputs with the timer time', async () => {
    const out = await run([{ key: 'a', ts: 1, register: [42, 7] }], endOnly);
    expect(out.records.filter((r) => r.value.startsWith('timer')).map((r) => r.timestamp)).toEqual([7, 42]);
    expect(out.records[0]!.timestamp).toBe(1);
  });

  it('fire when the watermark reaches their time (time <= watermark), before the watermark moves on', async () => {
    const out = await run(
      [
        { key: 'k', ts: 10, register: [20, 21] },
        { key: 'k', ts: 20 },
        { key: 'k', ts: 30 },
      ],
      punctuated,
    );
    expect(out.values).toEqual([
      `elem k@10 wm=${MIN_TIMESTAMP}`,
      'elem k@20 wm=10',
      'timer k@20 wm=20',
      'elem k@30 wm=20',
      'timer k@21 wm=30',
    ]);
  });

  it('a timer registered below the current watermark fires at the next watermark', async () => {
    const out = await run(
      [
        { key: 'k', ts: 50 },
        { key: 'k', ts: 60, register: [5] },
        { key: 'k', ts: 70 },
      ],
      punctuated,
    );
    expect(out.values).toEqual([`elem k@50 wm=${MIN_TIMESTAMP}`, 'elem k@60 wm=50', 'timer k@5 wm=60', 'elem k@70 wm=60']);
  });

  it('a deleted timer does not fire; deleting an unknown one is harmless', async () => {
    const out = await run(
      [
        { key: 'a', ts: 1, register: [100, 200] },
        { key: 'a', ts: 2, remove: [100, 999] },
        { key: 'b', ts: 3, remove: [200] },
      ],
      endOnly,
    );
    expect(firedOnly(out.values)).toEqual(['a@200']);
  });

  it('end of a bounded input sends the final watermark: timers far in the future fire', async () => {
    const out = await run([{ key: 'a', ts: 1, register: [MAX_TIMESTAMP, 10 ** 15, MAX_TIMESTAMP - 1] }], punctuated);
    expect(firedOnly(out.values)).toEqual(['a@1000000000000000', `a@${MAX_TIMESTAMP - 1}`, `a@${MAX_TIMESTAMP}`]);
    expect(out.values.at(-1)).toContain(`wm=${MAX_TIMESTAMP}`);
  });

  it('fire at end of input also without any watermark strategy', async () => {
    const env = StreamEnvironment.create();
    const out = env
      .fromArray(['x', 'y'])
      .keyBy((s) => s)
      .process<string>({
        processElement: (_v, ctx) => ctx.timerService.registerEventTimeTimer(1_000),
        onTimer: (time, ctx, o) => o.collect(`${ctx.currentKey}@${time}`),
      })
      .collect();
    await env.execute().result;
    expect(out.values).toEqual(['x@1000', 'y@1000']);
  });

  it('give records without a timestamp an undefined ctx.timestamp', async () => {
    const env = StreamEnvironment.create();
    const seen: unknown[] = [];
    env
      .fromArray([1])
      .keyBy((x) => x)
      .process({ processElement: (_v, ctx) => void seen.push(ctx.timestamp) })
      .collect();
    await env.execute().result;
    expect(seen).toEqual([undefined]);
  });

  it('at parallelism 4 fire for every key, each on the subtask that owns the key', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`);
    const out = await run(
      keys.map((key, i) => ({ key, ts: i, register: [1_000 + i] })),
      endOnly,
      4,
    );
    expect(firedOnly(out.values).sort()).toEqual(keys.map((k, i) => `${k}@${1_000 + i}`).sort());
  });

  it('onTimer sees the key of its timer as currentKey', async () => {
    const env = StreamEnvironment.create({ clock: new ManualClock() });
    const out = env
      .fromArray([
        { key: 'a', ts: 1 },
        { key: 'b', ts: 2 },
        { key: 'a', ts: 3 },
      ])
      .assignTimestampsAndWatermarks(endOnly)
      .keyBy((c) => c.key)
      .process<string>({
        processElement(cmd, ctx) {
          ctx.timerService.registerEventTimeTimer(100 + cmd.ts);
        },
        onTimer: (time, ctx, o) => o.collect(`${ctx.currentKey}@${time}`),
      })
      .collect();
    await env.execute().result;
    expect(out.values).toEqual(['a@101', 'b@102', 'a@103']);
  });
});
