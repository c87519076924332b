import { describe, expect, it } from 'vitest';
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from '../../../src/time/time-types.js';
import { monotonous, probeJob } from './watermark-probe.js';

describe('the watermark of a union', () => {
  it('is the minimum of its inputs: a timer fires only once both inputs pass it', async () => {
    const { clock, probe, inputs, job, send } = probeJob([monotonous(), monotonous()], { interval: 100 });
    await send(0, { ts: 1000, timer: 500 });
    await send(1, { ts: 0 });
    clock.advanceBy(100); // left 999, right -1
    expect(probe.fired).toEqual([]);
    await send(1, { ts: 400 });
    clock.advanceBy(100); // right 399
    expect(probe.fired).toEqual([]);
    await send(0, { ts: 1001 });
    expect(probe.lastSeen).toBe(399);
    await send(1, { ts: 700 });
    clock.advanceBy(100); // right 699: min 699
    expect(probe.fired).toEqual(['500@699']);
    for (const input of inputs) input.complete();
    await job.result;
  });

  it('holds at MIN_TIMESTAMP while one input has sent nothing', async () => {
    const { clock, probe, inputs, job, send } = probeJob([monotonous(), monotonous()], { interval: 100 });
    await send(0, { ts: 1000, timer: 10 });
    clock.advanceBy(1_000);
    await send(0, { ts: 1001 });
    expect(probe.lastSeen).toBe(MIN_TIMESTAMP);
    expect(probe.fired).toEqual([]);
    for (const input of inputs) input.complete();
    await job.result;
    expect(probe.fired).toEqual([`10@${MAX_TIMESTAMP}`]);
  });

  it('is not held back by an input that ended', async () => {
    const { clock, probe, inputs, job, send } = probeJob([monotonous(), monotonous()], { interval: 100 });
    await send(0, { ts: 1000, timer: 900 });
    await send(1, { ts: 5 });
    clock.advanceBy(100);
    expect(probe.fired).toEqual([]);
    inputs[1]!.complete();
    clock.advanceBy(100);
    await send(0, { ts: 1001 });
    expect(probe.fired).toEqual(['900@999']);
    inputs[0]!.complete();
    await job.result;
  });

  it('is not held back by an idle input (withIdleness): a timer fires once the other input advances', async () => {
    const { clock, probe, inputs, job, send } = probeJob([monotonous(), monotonous().withIdleness(300)], { interval: 100 });
    await send(1, { ts: 0 });
    await send(0, { ts: 1000, timer: 500 });
    clock.advanceTo(200); // left 999, right -1 and not yet idle
    expect(probe.fired).toEqual([]);
    clock.advanceTo(299);
    expect(probe.fired).toEqual([]);
    clock.advanceTo(300); // right idle: only left counts
    expect(probe.fired).toEqual(['500@999']);
    for (const input of inputs) input.complete();
    await job.result;
  });

  it('does not go back when an idle input becomes active again with older events', async () => {
    const { clock, probe, inputs, job, send } = probeJob([monotonous(), monotonous().withIdleness(300)], { interval: 100 });
    await send(1, { ts: 0 });
    await send(0, { ts: 1000 });
    clock.advanceTo(300); // right idle → 999
    await send(1, { ts: 100, timer: 1500 });
    expect(probe.lastSeen).toBe(999);
    clock.advanceTo(400); // right active again at 99: the union stays at 999
    await send(0, { ts: 2000 });
    expect(probe.lastSeen).toBe(999);
    clock.advanceTo(500); // left 1999, right 99
    expect(probe.fired).toEqual([]);
    await send(1, { ts: 1600 });
    clock.advanceTo(600); // right 1599 → min 1599
    expect(probe.fired).toEqual(['1500@1599']);
    for (const input of inputs) input.complete();
    await job.result;
  });

  it('reaches the final watermark only when every input ended', async () => {
    const { probe, inputs, job, send } = probeJob([monotonous(), monotonous()], { interval: 0 });
    await send(0, { ts: 1, timer: 10 ** 12 });
    inputs[0]!.complete();
    await send(1, { ts: 2 });
    expect(probe.fired).toEqual([]);
    inputs[1]!.complete();
    await job.result;
    expect(probe.fired).toEqual([`${10 ** 12}@${MAX_TIMESTAMP}`]);
  });
});
