import { Subject } from 'rxjs';
import type { DataStream } from '../../../src/api/data-stream.js';
import type { KeyedProcessFunction } from '../../../src/api/keyed-process-function.js';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import { ManualClock } from '../../../src/time/manual-clock.js';
import { WatermarkStrategy } from '../../../src/time/watermark-strategy.js';
import { until } from '../runtime/event-loop.js';

/** A test event: its event time, and optionally an event-time timer to register. */
export interface Tick {
  readonly ts: number;
  readonly timer?: number;
}

/**
 * Observes event time from inside a job: for every element it records the
 * watermark the keyed operator has seen; every timer that fires is recorded
 * with the watermark that fired it.
 */
export class WatermarkProbe {
  /** currentWatermark() at each element, in order. */
  readonly seen: number[] = [];
  /** `time@watermark` per fired timer. */
  readonly fired: string[] = [];
  processed = 0;

  readonly fn: KeyedProcessFunction<string, Tick, never> = {
    processElement: (tick, ctx) => {
      this.processed++;
      this.seen.push(ctx.timerService.currentWatermark());
      if (tick.timer !== undefined) ctx.timerService.registerEventTimeTimer(tick.timer);
    },
    onTimer: (time, ctx) => {
      this.fired.push(`${time}@${ctx.timerService.currentWatermark()}`);
    },
  };

  /** The watermark the operator has now: what an element arriving now would see. */
  get lastSeen(): number | undefined {
    return this.seen.at(-1);
  }
}

/** A job of Subject inputs, each with its own strategy, unioned and keyed into a probe. */
export function probeJob(strategies: WatermarkStrategy<Tick>[], options: { interval?: number; start?: number } = {}) {
  const clock = new ManualClock(options.start ?? 0);
  const env = StreamEnvironment.create({ clock, autoWatermarkInterval: options.interval ?? 100 });
  const probe = new WatermarkProbe();
  const inputs = strategies.map(() => new Subject<Tick>());
  const streams: DataStream<Tick>[] = inputs.map((input, i) =>
    env.fromObservable(input).assignTimestampsAndWatermarks(strategies[i]!.withTimestampAssigner((t) => t.ts)),
  );
  const [first, ...rest] = streams;
  first!
    .union(...rest)
    .keyBy(() => 'all')
    .process(probe.fn)
    .collect();
  const job = env.execute();
  /** Sends `tick` on input `i` and waits until the probe processed it. */
  const send = async (i: number, ...ticks: Tick[]) => {
    const target = probe.processed + ticks.length;
    for (const tick of ticks) inputs[i]!.next(tick);
    await until(() => probe.processed === target);
  };
  return { clock, probe, inputs, job, send };
}

export const monotonous = () => WatermarkStrategy.forMonotonousTimestamps<Tick>();
