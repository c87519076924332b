import { describe, expect, it } from 'vitest';
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from '../../../src/time/time-types.js';
import { WatermarkStrategy } from '../../../src/time/watermark-strategy.js';
import { monotonous, probeJob, type Tick } from './watermark-probe.js';

const bounded10 = () => WatermarkStrategy.forBoundedOutOfOrderness<Tick>(10);

describe('periodic watermarks on processing time (autoWatermarkInterval)', () => {
  it('are emitted every interval of the ManualClock, as max - bound - 1', async () => {
    const { clock, probe, inputs, job, send } = probeJob([bounded10()], { interval: 100 });
    await send(0, { ts: 1337 });
    expect(probe.lastSeen).toBe(MIN_TIMESTAMP);

    clock.advanceBy(99);
    await send(0, { ts: 1300 });
    expect(probe.lastSeen).toBe(MIN_TIMESTAMP);

    clock.advanceBy(1);
    await send(0, { ts: 12345 }, { ts: 12300 }, { ts: 12340 }, { ts: 12280 });
    expect(probe.seen.slice(-4)).toEqual([1326, 1326, 1326, 1326]);

    clock.advanceBy(100);
    await send(0, { ts: 0 });
    expect(probe.lastSeen).toBe(12334);

    inputs[0]!.complete();
    await job.result;
  });

  it('emit MIN_TIMESTAMP (nothing) before the first event', async () => {
    const { clock, probe, inputs, job, send } = probeJob([monotonous()], { interval: 50 });
    clock.advanceBy(500);
    await send(0, { ts: 10 });
    expect(probe.lastSeen).toBe(MIN_TIMESTAMP);
    inputs[0]!.complete();
    await job.result;
  });

  it('monotonous timestamps give max - 1', async () => {
    const { clock, probe, inputs, job, send } = probeJob([monotonous()]);
    await send(0, { ts: 10 }, { ts: 20 });
    clock.advanceBy(100);
    await send(0, { ts: 21 });
    expect(probe.lastSeen).toBe(19);
    inputs[0]!.complete();
    await job.result;
  });

  it('fire an event-time timer once the periodic watermark passes it, not before', async () => {
    const { clock, probe, inputs, job, send } = probeJob([bounded10()], { interval: 100 });
    await send(0, { ts: 1000, timer: 995 });
    clock.advanceBy(100); // watermark 989
    expect(probe.fired).toEqual([]);
    await send(0, { ts: 1005 });
    clock.advanceBy(100); // watermark 994
    expect(probe.fired).toEqual([]);
    await send(0, { ts: 1006 });
    clock.advanceBy(100); // watermark 995
    expect(probe.fired).toEqual(['995@995']);
    inputs[0]!.complete();
    await job.result;
  });

  it('keep up with a long jump of the clock and never go back', async () => {
    const { clock, probe, inputs, job, send } = probeJob([monotonous()], { interval: 100 });
    await send(0, { ts: 500, timer: 499 });
    clock.advanceBy(1_000);
    expect(probe.fired).toEqual(['499@499']);
    await send(0, { ts: 100 });
    clock.advanceBy(100);
    await send(0, { ts: 101 });
    expect(probe.lastSeen).toBe(499);
    inputs[0]!.complete();
    await job.result;
  });

  it('with interval 0 are never emitted: timers fire only at end of input', async () => {
    const { clock, probe, inputs, job, send } = probeJob([monotonous()], { interval: 0 });
    await send(0, { ts: 1000, timer: 10 });
    clock.advanceBy(10_000);
    await send(0, { ts: 2000 });
    expect(probe.lastSeen).toBe(MIN_TIMESTAMP);
    expect(probe.fired).toEqual([]);
    inputs[0]!.complete();
    await job.result;
    expect(probe.fired).toEqual([`10@${MAX_TIMESTAMP}`]);
  });

  it('stop when the input ends: the job leaves no clock callbacks behind', async () => {
    const { clock, inputs, job, send } = probeJob([monotonous()], { interval: 100 });
    await send(0, { ts: 1 });
    expect(clock.pendingCount).toBeGreaterThan(0);
    inputs[0]!.complete();
    await job.result;
    expect(clock.pendingCount).toBe(0);
  });
});
