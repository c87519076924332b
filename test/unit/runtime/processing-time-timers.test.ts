import { describe, expect, it } from 'vitest';
import { Subject } from 'rxjs';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import type { KeyedProcessFunction } from '../../../src/api/keyed-process-function.js';
import { ManualClock } from '../../../src/time/manual-clock.js';
import { until } from './event-loop.js';

/** An input record: its key, processing-time timers to register and to delete. */
interface Cmd {
  readonly key: string;
  readonly register?: readonly number[];
  readonly remove?: readonly number[];
}

const timers: KeyedProcessFunction<string, Cmd, string> = {
  processElement(cmd, ctx) {
    for (const t of cmd.register ?? []) ctx.timerService.registerProcessingTimeTimer(t);
    for (const t of cmd.remove ?? []) ctx.timerService.deleteProcessingTimeTimer(t);
  },
  onTimer(time, ctx, out) {
    out.collect(`${ctx.currentKey}@${time} now=${ctx.timerService.currentProcessingTime()} ${ctx.timeDomain} ts=${ctx.timestamp}`);
  },
};

/** Parses an output of `timers`. */
function parse(line: string): { key: string; time: number; now: number } {
  const [, key, time, now] = /^(\w+)@(\d+) now=(\d+)/.exec(line)!;
  return { key: key!, time: Number(time), now: Number(now) };
}

/** Starts a job reading `input`, with processing time on `clock`; resolves once `sent` records were processed. */
function start(clock: ManualClock, parallelism = 1) {
  const env = StreamEnvironment.create({ clock, parallelism, autoWatermarkInterval: 0 });
  const input = new Subject<Cmd>();
  let processed = 0;
  const out = env
    .fromObservable(input)
    .map((c) => {
      processed++;
      return c;
    })
    .keyBy((c) => c.key)
    .process(timers)
    .collect();
  const job = env.execute();
  const send = async (...cmds: Cmd[]) => {
    const target = processed + cmds.length;
    for (const c of cmds) input.next(c);
    await until(() => processed === target);
  };
  return { out, job, input, send };
}

describe('processing-time timers in a keyed process function', () => {
  it('fire when the ManualClock reaches their time, not before', async () => {
    const clock = new ManualClock(1_000);
    const { out, input, job, send } = start(clock);
    await send({ key: 'a', register: [1_100] });
    clock.advanceTo(1_099);
    expect(out.values).toEqual([]);
    clock.advanceTo(1_100);
    expect(out.values).toEqual(['a@1100 now=1100 processing-time ts=undefined']);
    input.complete();
    await job.result;
  });

  it('emit outputs with no timestamp', async () => {
    const clock = new ManualClock();
    const { out, input, job, send } = start(clock);
    await send({ key: 'a', register: [10] });
    clock.advanceBy(10);
    input.complete();
    await job.result;
    expect(out.records).toEqual([{ value: 'a@10 now=10 processing-time ts=undefined', timestamp: undefined }]);
  });

  it('fire in time order across keys, once per key and time, within one advance', async () => {
    const clock = new ManualClock();
    const { out, input, job, send } = start(clock, 3);
    await send(
      { key: 'a', register: [30, 10, 10] },
      { key: 'b', register: [20, 10] },
      { key: 'a', register: [30] },
    );
    clock.advanceTo(100);
    const fired = out.values.map(parse);
    expect(fired.map((f) => f.time)).toEqual([10, 10, 20, 30]);
    expect(fired.map((f) => `${f.key}@${f.time}`).sort()).toEqual(['a@10', 'a@30', 'b@10', 'b@20']);
    // Each timer sees the processing time it was due at, not the time the clock was advanced to.
    for (const f of fired) expect(f.now).toBe(f.time);
    input.complete();
    await job.result;
  });

  it('a deleted timer does not fire', async () => {
    const clock = new ManualClock();
    const { out, input, job, send } = start(clock);
    await send({ key: 'a', register: [10, 20] });
    await send({ key: 'a', remove: [10] });
    clock.advanceTo(50);
    expect(out.values.map((v) => v.split(' ')[0])).toEqual(['a@20']);
    input.complete();
    await job.result;
  });

  it('a timer registered in the past fires at the next advance', async () => {
    const clock = new ManualClock(500);
    const { out, input, job, send } = start(clock);
    await send({ key: 'a', register: [100] });
    expect(out.values).toEqual([]);
    clock.advanceBy(0);
    expect(out.values).toEqual(['a@100 now=500 processing-time ts=undefined']);
    input.complete();
    await job.result;
  });

  it('a timer registered from onTimer fires when the clock reaches it', async () => {
    const clock = new ManualClock();
    const env = StreamEnvironment.create({ clock, autoWatermarkInterval: 0 });
    const input = new Subject<string>();
    const out = env
      .fromObservable(input)
      .keyBy((k) => k)
      .process<number>({
        processElement: (_v, ctx) => ctx.timerService.registerProcessingTimeTimer(ctx.timerService.currentProcessingTime() + 10),
        onTimer(time, ctx, o) {
          o.collect(time);
          if (time < 30) ctx.timerService.registerProcessingTimeTimer(time + 10);
        },
      })
      .collect();
    const job = env.execute();
    input.next('tick');
    await until(() => clock.pendingCount > 0);
    clock.advanceTo(25);
    expect(out.values).toEqual([10, 20]);
    clock.advanceTo(100);
    expect(out.values).toEqual([10, 20, 30]);
    input.complete();
    await job.result;
  });

  it('pending timers are dropped at end of input: the job finishes without waiting and cancels its clock callbacks', async () => {
    const clock = new ManualClock();
    const { out, input, job, send } = start(clock);
    await send({ key: 'a', register: [1_000_000] });
    expect(clock.pendingCount).toBe(1);
    input.complete();
    expect((await job.result).status).toBe('FINISHED');
    expect(clock.pendingCount).toBe(0);
    clock.advanceTo(2_000_000);
    expect(out.values).toEqual([]);
  });

  it('cancelling the job cancels its clock callbacks', async () => {
    const clock = new ManualClock();
    const { out, job, send } = start(clock);
    await send({ key: 'a', register: [10] });
    await job.cancel();
    expect(clock.pendingCount).toBe(0);
    clock.advanceTo(10);
    expect(out.values).toEqual([]);
  });
});
