import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { MIN_TIMESTAMP } from '../../../../src/time/time-types.js';
import { SlidingEventTimeWindows } from '../../../../src/windowing/assigners/sliding-event-time-windows.js';
import { EventTimeTrigger } from '../../../../src/windowing/triggers/event-time-trigger.js';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { TestAssignerContext, expectConfigError, spans } from './assigner-test-support.js';

const context = new TestAssignerContext();

function assign(assigner: SlidingEventTimeWindows, timestamp: number): Array<[number, number]> {
  return spans(assigner.assignWindows('element', timestamp, context));
}

/** Flink's loop, written out plainly: the expected windows, newest first. */
function reference(timestamp: number, size: number, slide: number, offset: number): Array<[number, number]> {
  const windows: Array<[number, number]> = [];
  const lastStart = TimeWindow.getWindowStartWithOffset(timestamp, offset, slide);
  for (let start = lastStart; start > timestamp - size; start -= slide) windows.push([start, start + size]);
  return windows;
}

describe('SlidingEventTimeWindows assignment', () => {
  it('puts each timestamp in size / slide overlapping windows, newest first', () => {
    const assigner = SlidingEventTimeWindows.of(5000, 1000);
    expect(assign(assigner, 0)).toEqual([
      [0, 5000],
      [-1000, 4000],
      [-2000, 3000],
      [-3000, 2000],
      [-4000, 1000],
    ]);
    expect(assign(assigner, 4999)).toEqual([
      [4000, 9000],
      [3000, 8000],
      [2000, 7000],
      [1000, 6000],
      [0, 5000],
    ]);
    expect(assign(assigner, 5000)).toEqual([
      [5000, 10000],
      [4000, 9000],
      [3000, 8000],
      [2000, 7000],
      [1000, 6000],
    ]);
  });

  it('shifts window starts by a positive offset', () => {
    const assigner = SlidingEventTimeWindows.of(5000, 1000, 100);
    expect(assign(assigner, 100)).toEqual([
      [100, 5100],
      [-900, 4100],
      [-1900, 3100],
      [-2900, 2100],
      [-3900, 1100],
    ]);
    expect(assign(assigner, 5099)).toEqual([
      [4100, 9100],
      [3100, 8100],
      [2100, 7100],
      [1100, 6100],
      [100, 5100],
    ]);
    expect(assign(assigner, 5100)).toEqual([
      [5100, 10100],
      [4100, 9100],
      [3100, 8100],
      [2100, 7100],
      [1100, 6100],
    ]);
  });

  it('shifts window starts back by a negative offset', () => {
    const assigner = SlidingEventTimeWindows.of(5000, 1000, -100);
    expect(assign(assigner, 0)).toEqual([
      [-100, 4900],
      [-1100, 3900],
      [-2100, 2900],
      [-3100, 1900],
      [-4100, 900],
    ]);
    expect(assign(assigner, 4899)).toEqual([
      [3900, 8900],
      [2900, 7900],
      [1900, 6900],
      [900, 5900],
      [-100, 4900],
    ]);
    expect(assign(assigner, 4900)).toEqual([
      [4900, 9900],
      [3900, 8900],
      [2900, 7900],
      [1900, 6900],
      [900, 5900],
    ]);
  });

  it('handles second-sized windows with a half-second offset', () => {
    const assigner = SlidingEventTimeWindows.of(5000, 1000, 500);
    expect(assign(assigner, 100)).toEqual([
      [-500, 4500],
      [-1500, 3500],
      [-2500, 2500],
      [-3500, 1500],
      [-4500, 500],
    ]);
    const at5499 = assign(assigner, 5499);
    expect(at5499).toEqual([
      [4500, 9500],
      [3500, 8500],
      [2500, 7500],
      [1500, 6500],
      [500, 5500],
    ]);
    expect(assign(assigner, 5100)).toEqual(at5499);
  });

  it('gives no window to a timestamp between windows when slide > size', () => {
    const assigner = SlidingEventTimeWindows.of(1000, 5000);
    expect(assign(assigner, 999)).toEqual([[0, 1000]]);
    expect(assign(assigner, 1000)).toEqual([]);
    expect(assign(assigner, 4999)).toEqual([]);
    expect(assign(assigner, 5000)).toEqual([[5000, 6000]]);
  });

  it('floors negative timestamps', () => {
    expect(assign(SlidingEventTimeWindows.of(14, 7), -1)).toEqual([
      [-7, 7],
      [-14, 0],
    ]);
    expect(assign(SlidingEventTimeWindows.of(14, 7, 3), 1)).toEqual([
      [-4, 10],
      [-11, 3],
    ]);
  });

  it('assigns exactly like Flink for timestamps in sequence and in any order', () => {
    const configurations: Array<[number, number, number]> = [
      [5000, 1000, 0],
      [5000, 1000, -100],
      [5, 2, 0],
      [5, 2, 1],
      [7, 3, -2],
      [3, 7, 2],
      [10, 10, 0],
      [1, 1, 0],
    ];
    for (const [size, slide, offset] of configurations) {
      const assigner = SlidingEventTimeWindows.of(size, slide, offset);
      const sequence = Array.from({ length: 60 }, (_, i) => i - 30);
      const shuffled = [17, -3, 17, 4, 4, 5, -20, 0, 1, 2, 9, -1, 30, 29, 6000, 5999, 3];
      for (const t of [...sequence, ...shuffled, ...sequence.reverse()]) {
        expect(assign(assigner, t), `size ${size} slide ${slide} offset ${offset} at ${t}`).toEqual(
          reference(t, size, slide, offset),
        );
      }
    }
  });

  it('reuses the array within a slide and carries windows over to the next slide', () => {
    const assigner = SlidingEventTimeWindows.of(5000, 1000);
    const first = assigner.assignWindows('a', 0, context);
    expect(assigner.assignWindows('b', 999, context)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const next = assigner.assignWindows('c', 1000, context);
    expect(next).not.toBe(first);
    // [0, 5000) is the newest window of the first slide and the second-newest of the next.
    expect(next[1]).toBe(first[0]);
  });

  it('rejects an element without a timestamp and says to assign timestamps', () => {
    expectConfigError(
      () => SlidingEventTimeWindows.of(5000, 1000).assignWindows('element', MIN_TIMESTAMP, context),
      ErrorCodes.INVALID_ARGUMENT,
      /no timestamp/,
      /assignTimestampsAndWatermarks/,
    );
  });
});

describe('SlidingEventTimeWindows parameters', () => {
  it('rejects a size that is not a positive integer as an invalid duration', () => {
    expectConfigError(() => SlidingEventTimeWindows.of(-2000, 1000), ErrorCodes.INVALID_DURATION, /size/, /-2000/);
    expectConfigError(() => SlidingEventTimeWindows.of(0, 1000), ErrorCodes.INVALID_DURATION, /size/);
    expectConfigError(() => SlidingEventTimeWindows.of(-20_000, 10_000, -1000), ErrorCodes.INVALID_DURATION, /size/);
  });

  it('rejects a slide that is not a positive integer as an invalid duration', () => {
    expectConfigError(() => SlidingEventTimeWindows.of(2000, -1000), ErrorCodes.INVALID_DURATION, /slide/, /-1000/);
    expectConfigError(() => SlidingEventTimeWindows.of(2000, 0), ErrorCodes.INVALID_DURATION, /slide/);
    expectConfigError(() => SlidingEventTimeWindows.of(2000, 0.5), ErrorCodes.INVALID_DURATION, /slide/);
  });

  it.each([
    [20_000, 10_000, -11_000],
    [20_000, 10_000, 11_000],
    [20_000, 10_000, 10_000],
  ])('rejects size %i, slide %i, offset %i because abs(offset) < slide', (size, slide, offset) => {
    expectConfigError(
      () => SlidingEventTimeWindows.of(size, slide, offset),
      ErrorCodes.INVALID_ARGUMENT,
      /abs\(offset\) < slide/,
      new RegExp(`offset ${offset} and slide ${slide}`),
    );
  });

  it('rejects more than 10,000,000 windows per element', () => {
    expect(() => SlidingEventTimeWindows.of(10_000_000, 1)).not.toThrow();
    expectConfigError(
      () => SlidingEventTimeWindows.of(10_000_001, 1),
      ErrorCodes.INVALID_ARGUMENT,
      /size \/ slide <= 10000000/,
      /size 10000001 and slide 1/,
    );
  });
});

describe('SlidingEventTimeWindows properties', () => {
  it('is an event-time assigner with TimeWindow namespaces and an EventTimeTrigger by default', () => {
    const assigner = SlidingEventTimeWindows.of(5000, 100);
    expect(assigner.isEventTime).toBe(true);
    expect(assigner.namespaces).toBe(TimeWindow.namespaces);
    expect(assigner.defaultTrigger()).toBeInstanceOf(EventTimeTrigger);
  });
});
