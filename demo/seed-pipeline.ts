import type { DataStream } from '../src/api/data-stream.js';
import type { KeyedProcessFunction } from '../src/api/keyed-process-function.js';
import type { RuntimeContext } from '../src/api/runtime-context.js';
import type { KeyedProcessContext } from '../src/api/keyed-process-function.js';
import type { Collector } from '../src/api/collector.js';
import type { StreamEnvironment } from '../src/api/stream-environment.js';
import type { MapState } from '../src/state/keyed-state.js';
import { MapStateDescriptor } from '../src/state/state-descriptor.js';
import { WatermarkStrategy } from '../src/time/watermark-strategy.js';
import type { AggregateFunction } from '../src/state/aggregate-function.js';
import { TumblingEventTimeWindows } from '../src/windowing/assigners/tumbling-event-time-windows.js';
import type { ProcessWindowFunction } from '../src/windowing/functions/process-window-function.js';
import type { TimeWindow } from '../src/windowing/windows/time-window.js';

/** One event of the seed job. */
export interface SeedEvent {
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
}

/** One window result: the key, the window's sum and the window's end - 1 (its timestamp). */
export interface WindowSum {
  readonly key: string;
  readonly sum: number;
  readonly windowEnd: number;
}

/** Tumbling window size of the seed job. */
export const WINDOW_MS = 3000;

/**
 * A tumbling event-time window sum written as a keyed process function with
 * timers: per key, a map from window end to the running sum, and one
 * event-time timer per (key, window) at end - 1 (as Flink's EventTimeTrigger).
 */
export class TumblingWindowSum implements KeyedProcessFunction<string, SeedEvent, WindowSum> {
  private sums!: MapState<number, number>;

  constructor(private readonly size: number) {}

  open(ctx: RuntimeContext): void {
    this.sums = ctx.getState(new MapStateDescriptor<number, number>('window-sums'));
  }

  processElement(event: SeedEvent, ctx: KeyedProcessContext<string>): void {
    const ts = event.timestamp;
    const end = ts - (((ts % this.size) + this.size) % this.size) + this.size;
    if (end - 1 <= ctx.timerService.currentWatermark()) return; // late: dropped, as with zero allowed lateness
    const sum = this.sums.get(end);
    if (sum === undefined) ctx.timerService.registerEventTimeTimer(end - 1);
    this.sums.put(end, (sum ?? 0) + event.value);
  }

  onTimer(time: number, ctx: KeyedProcessContext<string>, out: Collector<WindowSum>): void {
    const end = time + 1;
    const sum = this.sums.get(end);
    if (sum === undefined) return;
    this.sums.remove(end);
    out.collect({ key: ctx.currentKey, sum, windowEnd: end });
  }
}

/** The sum of event values: the seed job's window aggregate. */
export const sumOfValues: AggregateFunction<SeedEvent, number, number> = {
  createAccumulator: () => 0,
  add: (event, sum) => sum + event.value,
  getResult: (sum) => sum,
  merge: (a, b) => a + b,
};

/** Attaches the key and window end to each window's sum. */
export const toWindowSum: ProcessWindowFunction<number, WindowSum, string, TimeWindow> = {
  process(key, ctx, sums, out) {
    out.collect({ key, sum: sums[0]!, windowEnd: ctx.window.end });
  },
};

/**
 * The seed job's events with timestamps and monotonous watermarks: event `i`
 * has key `Tuple ${keyOf(i)}`, value 1 and event time floor(i / 10) ms.
 */
export function seedSource(
  env: StreamEnvironment,
  events: number,
  keyOf: (i: number) => number,
  sourceParallelism = 1,
  share?: SeedShare,
): DataStream<SeedEvent> {
  // Two generators rather than an index mapping in one: the whole job's per-event path stays as it is.
  const generator =
    share === undefined
      ? { count: events, generate: (i: number): SeedEvent => ({ key: `Tuple ${keyOf(i)}`, value: 1, timestamp: Math.floor(i / 10) }) }
      : {
          count: Math.max(0, Math.ceil((events - share.index) / share.of)),
          generate: (j: number): SeedEvent => {
            const i = j * share.of + share.index;
            return { key: `Tuple ${keyOf(i)}`, value: 1, timestamp: Math.floor(i / 10) };
          },
        };
  return env
    .fromGenerator<SeedEvent>(generator)
    .setParallelism(sourceParallelism)
    .uid('seed-events')
    .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<SeedEvent>().withTimestampAssigner((e) => e.timestamp))
    .uid('timestamps');
}

/**
 * One of `of` shares of the seed job's events: event `i` with `i % of === index`.
 * With `of` dividing the key count, the shares have disjoint keys, so `of`
 * independent jobs, one per share, together give exactly the whole job's results.
 */
export interface SeedShare {
  readonly index: number;
  readonly of: number;
}

/** Options of {@link seedPipeline}. */
export interface SeedPipelineOptions {
  readonly events: number;
  readonly keys?: number;
  /**
   * `window` (default): the window operator (TumblingEventTimeWindows +
   * aggregate). `process-function`: the same windows hand-written as a keyed
   * process function with MapState and timers.
   */
  readonly windowing?: 'window' | 'process-function';
  /** Subtasks of the generator source (each generates every n-th event). Default 1. */
  readonly sourceParallelism?: number;
  /** Only this share of the events (see {@link SeedShare}); default all. */
  readonly share?: SeedShare;
  /** Throws (a simulated crash) when this returns true for the number of events seen so far. */
  readonly crashAt?: (index: number) => boolean;
}

/**
 * The seed job up to its sink: N generated events (key `Tuple ${i % 10000}`,
 * value 1, event time floor(i / 10) ms) → monotonous watermarks → keyBy key →
 * 3 s tumbling event-time window sum → keep keys starting with `Tuple 0`.
 */
export function seedPipeline(env: StreamEnvironment, options: SeedPipelineOptions): DataStream<WindowSum> {
  const keys = options.keys ?? 10_000;
  const crashAt = options.crashAt;
  const events = seedSource(env, options.events, (i) => i % keys, options.sourceParallelism, options.share);
  let seen = 0;
  const checked =
    crashAt === undefined
      ? events
      : events
          .map((e) => {
            if (crashAt(seen++)) throw new Error(`simulated crash at event ${seen - 1}`);
            return e;
          })
          .uid('crash');
  const keyed = checked.keyBy((e) => e.key);
  const sums =
    options.windowing === 'process-function'
      ? keyed.process(new TumblingWindowSum(WINDOW_MS))
      : keyed.window(TumblingEventTimeWindows.of(WINDOW_MS)).aggregate(sumOfValues, toWindowSum);
  return sums
    .uid('window-sum')
    .filter((r) => r.key.startsWith('Tuple 0'))
    .uid('filter');
}
