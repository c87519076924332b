import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/time/manual-clock.js';
import { ConfigError } from '../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { InvalidTimestampError } from '../../../src/time/time-types.js';

describe('ManualClock', () => {
  it('starts at the given time (0 by default) and stays there until advanced', () => {
    expect(new ManualClock().now()).toBe(0);
    const clock = new ManualClock(1_000);
    expect(clock.now()).toBe(1_000);
    expect(clock.now()).toBe(1_000);
  });

  it('advanceTo and advanceBy move time forward', () => {
    const clock = new ManualClock(10);
    clock.advanceBy(5);
    expect(clock.now()).toBe(15);
    clock.advanceTo(100);
    expect(clock.now()).toBe(100);
    clock.advanceBy(0);
    expect(clock.now()).toBe(100);
  });

  it('refuses to go backwards with ConfigError WEIR_INVALID_ARGUMENT', () => {
    const clock = new ManualClock(100);
    expect(() => clock.advanceTo(99)).toThrow(ConfigError);
    expect(() => clock.advanceBy(-1)).toThrow(expect.objectContaining({ code: ErrorCodes.INVALID_ARGUMENT }));
    expect(clock.now()).toBe(100);
  });

  it.each([1.5, NaN, 2 ** 60])('rejects a non-safe-integer time %s with WEIR_INVALID_TIMESTAMP', (t) => {
    expect(() => new ManualClock(t)).toThrow(InvalidTimestampError);
    expect(() => new ManualClock().advanceTo(t)).toThrow(expect.objectContaining({ code: ErrorCodes.INVALID_TIMESTAMP }));
  });

  it('never runs a callback inside schedule(), even when it is already due', () => {
    const clock = new ManualClock(100);
    let ran = 0;
    clock.schedule(50, () => ran++);
    clock.schedule(100, () => ran++);
    expect(ran).toBe(0);
    clock.advanceBy(0);
    expect(ran).toBe(2);
  });

  it('runs due callbacks in time order, and in scheduling order at the same instant', () => {
    const clock = new ManualClock();
    const order: string[] = [];
    clock.schedule(30, () => order.push('30'));
    clock.schedule(10, () => order.push('10a'));
    clock.schedule(20, () => order.push('20'));
    clock.schedule(10, () => order.push('10b'));
    clock.schedule(40, () => order.push('40'));
    clock.advanceTo(30);
    expect(order).toEqual(['10a', '10b', '20', '30']);
    expect(clock.pendingCount).toBe(1);
  });

  it('shows each callback the time it was scheduled for, and ends at the target time', () => {
    const clock = new ManualClock();
    const seen: number[] = [];
    clock.schedule(10, () => seen.push(clock.now()));
    clock.schedule(25, () => seen.push(clock.now()));
    clock.advanceTo(100);
    expect(seen).toEqual([10, 25]);
    expect(clock.now()).toBe(100);
  });

  it('runs callbacks scheduled by callbacks when they fall due within the same advance', () => {
    const clock = new ManualClock();
    const seen: number[] = [];
    const every10 = () => {
      seen.push(clock.now());
      clock.schedule(clock.now() + 10, every10);
    };
    clock.schedule(10, every10);
    clock.advanceTo(45);
    expect(seen).toEqual([10, 20, 30, 40]);
    clock.advanceTo(50);
    expect(seen).toEqual([10, 20, 30, 40, 50]);
  });

  it('does not run a cancelled callback', () => {
    const clock = new ManualClock();
    let ran = false;
    const cancel = clock.schedule(10, () => (ran = true));
    expect(clock.pendingCount).toBe(1);
    cancel();
    expect(clock.pendingCount).toBe(0);
    clock.advanceTo(20);
    expect(ran).toBe(false);
  });

  it('lets a callback cancel a later one due in the same advance', () => {
    const clock = new ManualClock();
    const order: string[] = [];
    let cancelSecond = () => {};
    clock.schedule(10, () => {
      order.push('first');
      cancelSecond();
    });
    cancelSecond = clock.schedule(20, () => order.push('second'));
    clock.advanceTo(30);
    expect(order).toEqual(['first']);
  });

  it('runs each callback once', () => {
    const clock = new ManualClock();
    let runs = 0;
    clock.schedule(5, () => runs++);
    clock.advanceTo(10);
    clock.advanceTo(20);
    expect(runs).toBe(1);
    expect(clock.pendingCount).toBe(0);
  });
});
