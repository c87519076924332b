import { describe, expect, it } from 'vitest';
import {
  MapStateDescriptor,
  ManualClock,
  StreamEnvironment,
  WatermarkStrategy,
  type KeyedProcessFunction,
  type MapState,
  type RuntimeContext,
} from '../../../src/index.js';

interface Reading {
  readonly sensor: string;
  readonly at: number;
  readonly value: number;
}

const WINDOW = 1_000;
const BOUND = 300;

/** Deterministic readings for 5 sensors over 20 s, shuffled by at most BOUND ms. */
function readings(): Reading[] {
  const out: Reading[] = [];
  for (let i = 0; i < 2_000; i++) {
    const base = i * 10;
    const jitter = (i * 7919) % BOUND;
    out.push({ sensor: `s${(i * 31) % 5}`, at: Math.max(0, base - jitter), value: (i * 13) % 100 });
  }
  return out;
}

/** Watermark = max timestamp - BOUND - 1, emitted with each event (punctuated, so no clock is involved). */
const strategy = WatermarkStrategy.forGenerator<Reading>(() => {
  let max = Number.MIN_SAFE_INTEGER;
  return {
    onEvent(_r, ts, out) {
      max = Math.max(max, ts);
      out.emitWatermark(max - BOUND - 1);
    },
    onPeriodicEmit() {},
  };
}).withTimestampAssigner((r) => r.at);

type Sum = [sensor: string, windowEnd: number, sum: number, count: number];

/** Tumbling per-key sums in MapState (window end → [sum, count]), emitted by an event-time timer at end - 1. */
const windowSums = {
  open(this: { sums: MapState<number, [number, number]> }, ctx: RuntimeContext) {
    this.sums = ctx.getState(new MapStateDescriptor<number, [number, number]>('sums'));
  },
  processElement(this: { sums: MapState<number, [number, number]> }, r: Reading, ctx) {
    const end = Math.floor(r.at / WINDOW) * WINDOW + WINDOW;
    const [sum, count] = this.sums.get(end) ?? [0, 0];
    this.sums.put(end, [sum + r.value, count + 1]);
    ctx.timerService.registerEventTimeTimer(end - 1);
  },
  onTimer(this: { sums: MapState<number, [number, number]> }, time: number, ctx, out) {
    const end = time + 1;
    const [sum, count] = this.sums.get(end)!;
    this.sums.remove(end);
    out.collect([ctx.currentKey, end, sum, count]);
  },
} as KeyedProcessFunction<string, Reading, Sum>;

function expected(): Sum[] {
  const sums = new Map<string, Sum>();
  for (const r of readings()) {
    const end = Math.floor(r.at / WINDOW) * WINDOW + WINDOW;
    const id = `${r.sensor}|${end}`;
    const s = sums.get(id) ?? [r.sensor, end, 0, 0];
    sums.set(id, [s[0], s[1], s[2] + r.value, s[3] + 1]);
  }
  return sort([...sums.values()]);
}

const sort = (rows: Sum[]) => [...rows].sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));

describe('a keyed job with state and timers in Chromium', () => {
  it.each([1, 3])('fromArray → timestamps/watermarks → keyBy → process → collect gives the expected sums (parallelism %i)', async (parallelism) => {
    expect(typeof indexedDB).toBe('object'); // really in a browser
    const env = StreamEnvironment.create({ parallelism, clock: new ManualClock(), sourceChunkSize: 128 });
    const out = env
      .fromArray(readings())
      .assignTimestampsAndWatermarks(strategy)
      .keyBy((r) => r.sensor)
      .process(windowSums)
      .collect();
    const result = await env.execute('sensor sums').result;
    expect(result.status).toBe('FINISHED');
    expect(sort(out.values)).toEqual(expected());
    // Each result carries its timer's time: window end - 1.
    for (const { value, timestamp } of out.records) expect(timestamp).toBe(value[1] - 1);
  });

  it('fires windows while the input is still flowing, not only at the end', async () => {
    const env = StreamEnvironment.create({ clock: new ManualClock() });
    const order: string[] = [];
    env
      .fromArray(readings())
      .assignTimestampsAndWatermarks(strategy)
      .map((r) => {
        order.push('in');
        return r;
      })
      .keyBy((r) => r.sensor)
      .process(windowSums)
      .forEach(() => order.push('out'));
    await env.execute().result;
    expect(order.indexOf('out')).toBeLessThan(order.lastIndexOf('in'));
  });
});
