import { describe, expect, it } from 'vitest';
import { BoundedOutOfOrdernessWatermarks } from '../../../src/time/bounded-out-of-orderness-watermarks.js';
import { ManualClock } from '../../../src/time/manual-clock.js';
import { MIN_TIMESTAMP, MAX_TIMESTAMP } from '../../../src/time/time-types.js';
import type { WatermarkGenerator, WatermarkOutput } from '../../../src/time/watermark-generator.js';
import { WatermarkStrategy } from '../../../src/time/watermark-strategy.js';

/** An output that records what a generator emits. */
function recorder() {
  const emitted: number[] = [];
  const output: WatermarkOutput = {
    emitWatermark: (t) => void emitted.push(t),
    markIdle: () => {},
    markActive: () => {},
  };
  return { emitted, output };
}

function periodicAfter(bound: number, timestamps: number[]): number {
  const generator: WatermarkGenerator<null> = new BoundedOutOfOrdernessWatermarks<null>(bound);
  const { emitted, output } = recorder();
  for (const t of timestamps) generator.onEvent(null, t, output);
  generator.onPeriodicEmit(output);
  return emitted.at(-1)!;
}

describe('BoundedOutOfOrdernessWatermarks (FLINK_SEMANTICS §7)', () => {
  it('emits MIN_TIMESTAMP before any event', () => {
    expect(periodicAfter(10, [])).toBe(MIN_TIMESTAMP);
    expect(periodicAfter(0, [])).toBe(MIN_TIMESTAMP);
  });

  it('B=10: event 1337 gives watermark 1326', () => {
    expect(periodicAfter(10, [1337])).toBe(1326);
  });

  it('B=10: events 12345, 12300, 12340, 12280 give 12334 (tracks the max)', () => {
    expect(periodicAfter(10, [12345, 12300, 12340, 12280])).toBe(12334);
  });

  it('emits nothing from onEvent: it is periodic only', () => {
    const generator: WatermarkGenerator<null> = new BoundedOutOfOrdernessWatermarks<null>(10);
    const { emitted, output } = recorder();
    generator.onEvent(null, 100, output);
    expect(emitted).toEqual([]);
  });

  it('never goes back when a late event arrives', () => {
    const generator: WatermarkGenerator<null> = new BoundedOutOfOrdernessWatermarks<null>(5);
    const { emitted, output } = recorder();
    generator.onEvent(null, 100, output);
    generator.onPeriodicEmit(output);
    generator.onEvent(null, 50, output);
    generator.onPeriodicEmit(output);
    expect(emitted).toEqual([94, 94]);
  });

  it('handles negative timestamps', () => {
    expect(periodicAfter(10, [-100])).toBe(-111);
  });

  it('handles the largest timestamp', () => {
    expect(periodicAfter(0, [MAX_TIMESTAMP])).toBe(MAX_TIMESTAMP - 1);
  });
});

describe('WatermarkStrategy generators', () => {
  const clock = new ManualClock();

  it('forMonotonousTimestamps gives max - 1', () => {
    const generator = WatermarkStrategy.forMonotonousTimestamps<null>().buildGenerator({ clock });
    const { emitted, output } = recorder();
    generator.onPeriodicEmit(output);
    generator.onEvent(null, 10, output);
    generator.onEvent(null, 20, output);
    generator.onPeriodicEmit(output);
    expect(emitted).toEqual([MIN_TIMESTAMP, 19]);
  });

  it('forBoundedOutOfOrderness(B) gives max - B - 1', () => {
    const generator = WatermarkStrategy.forBoundedOutOfOrderness<null>(10).buildGenerator({ clock });
    const { emitted, output } = recorder();
    generator.onEvent(null, 1337, output);
    generator.onPeriodicEmit(output);
    expect(emitted).toEqual([1326]);
  });

  it('noWatermarks never emits', () => {
    const generator = WatermarkStrategy.noWatermarks<null>().buildGenerator({ clock });
    const { emitted, output } = recorder();
    generator.onEvent(null, 10, output);
    generator.onPeriodicEmit(output);
    expect(emitted).toEqual([]);
  });

  it('is immutable: withTimestampAssigner and withIdleness return new strategies', () => {
    const base = WatermarkStrategy.forMonotonousTimestamps<number>();
    const assigned = base.withTimestampAssigner((x) => x);
    const idle = assigned.withIdleness(100);
    expect(base.timestampAssigner).toBeUndefined();
    expect(assigned.timestampAssigner).toBeTypeOf('function');
    expect(assigned.idleTimeout).toBeUndefined();
    expect(idle.idleTimeout).toBe(100);
    expect(idle.timestampAssigner).toBe(assigned.timestampAssigner);
  });
});

describe('withIdleness', () => {
  it('marks idle once no event came for the timeout, at a periodic emit, and active at the next event', () => {
    const clock = new ManualClock(0);
    const generator = WatermarkStrategy.forMonotonousTimestamps<null>().withIdleness(100).buildGenerator({ clock });
    const calls: string[] = [];
    const output: WatermarkOutput = {
      emitWatermark: (t) => void calls.push(`wm ${t}`),
      markIdle: () => void calls.push('idle'),
      markActive: () => void calls.push('active'),
    };
    generator.onEvent(null, 10, output);
    clock.advanceTo(99);
    generator.onPeriodicEmit(output);
    clock.advanceTo(100);
    generator.onPeriodicEmit(output);
    generator.onPeriodicEmit(output);
    generator.onEvent(null, 20, output);
    generator.onPeriodicEmit(output);
    expect(calls).toEqual(['wm 9', 'idle', 'active', 'wm 19']);
  });
});
