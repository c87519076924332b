import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { MIN_TIMESTAMP } from '../../../../src/time/time-types.js';
import { TumblingEventTimeWindows } from '../../../../src/windowing/assigners/tumbling-event-time-windows.js';
import { WindowStagger } from '../../../../src/windowing/assigners/window-stagger.js';
import { EventTimeTrigger } from '../../../../src/windowing/triggers/event-time-trigger.js';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { TestAssignerContext, expectConfigError, spans } from './assigner-test-support.js';

const context = new TestAssignerContext();

function assign(assigner: TumblingEventTimeWindows, timestamp: number, ctx = context): Array<[number, number]> {
  return spans(assigner.assignWindows('element', timestamp, ctx));
}

describe('TumblingEventTimeWindows assignment', () => {
  it('puts each timestamp in the one window [start, start + size) containing it', () => {
    const assigner = TumblingEventTimeWindows.of(5000);
    expect(assign(assigner, 0)).toEqual([[0, 5000]]);
    expect(assign(assigner, 4999)).toEqual([[0, 5000]]);
    expect(assign(assigner, 5000)).toEqual([[5000, 10000]]);
  });

  it('shifts window starts by a positive offset', () => {
    const assigner = TumblingEventTimeWindows.of(5000, 100);
    expect(assign(assigner, 100)).toEqual([[100, 5100]]);
    expect(assign(assigner, 5099)).toEqual([[100, 5100]]);
    expect(assign(assigner, 5100)).toEqual([[5100, 10100]]);
  });

  it('shifts window starts back by a negative offset', () => {
    const assigner = TumblingEventTimeWindows.of(5000, -100);
    expect(assign(assigner, 0)).toEqual([[-100, 4900]]);
    expect(assign(assigner, 4899)).toEqual([[-100, 4900]]);
    expect(assign(assigner, 4900)).toEqual([[4900, 9900]]);
  });

  it('handles second-sized windows with a one-second offset', () => {
    const assigner = TumblingEventTimeWindows.of(5000, 1000);
    expect(assign(assigner, 1000)).toEqual([[1000, 6000]]);
    expect(assign(assigner, 5999)).toEqual([[1000, 6000]]);
    expect(assign(assigner, 6000)).toEqual([[6000, 11000]]);
  });

  it('floors negative timestamps into earlier windows', () => {
    expect(assign(TumblingEventTimeWindows.of(7), -1)).toEqual([[-7, 0]]);
    expect(assign(TumblingEventTimeWindows.of(7), -8)).toEqual([[-14, -7]]);
    expect(assign(TumblingEventTimeWindows.of(7, 3), 1)).toEqual([[-4, 3]]);
    expect(assign(TumblingEventTimeWindows.of(7, -2), -3)).toEqual([[-9, -2]]);
  });

  it('with NATURAL stagger, aligns windows to the processing time of the first element', () => {
    const assigner = TumblingEventTimeWindows.of(5000, 0, WindowStagger.NATURAL);
    const ctx = new TestAssignerContext(150);
    expect(assign(assigner, 150, ctx)).toEqual([[150, 5150]]);
    ctx.now = 2000; // the stagger was fixed at the first element
    expect(assign(assigner, 5099, ctx)).toEqual([[150, 5150]]);
    expect(assign(assigner, 5300, ctx)).toEqual([[5150, 10150]]);
  });

  it('with RANDOM stagger, draws the offset once per assigner instance', () => {
    let draws = 0;
    const stagger = WindowStagger.random(() => {
      draws++;
      return 0.5;
    });
    const assigner = TumblingEventTimeWindows.of(1000, 0, stagger);
    expect(assign(assigner, 0)).toEqual([[-500, 500]]);
    expect(assign(assigner, 700)).toEqual([[500, 1500]]);
    expect(assign(assigner, 10_000)).toEqual([[9500, 10500]]);
    expect(draws).toBe(1);
    TumblingEventTimeWindows.of(1000, 0, stagger).assignWindows('element', 0, context);
    expect(draws).toBe(2);
  });

  it('adds the stagger offset to the global offset modulo the size', () => {
    const assigner = TumblingEventTimeWindows.of(1000, 700, WindowStagger.random(() => 0.5));
    // (700 + 500) % 1000 = 200
    expect(assign(assigner, 0)).toEqual([[-800, 200]]);
    expect(assign(assigner, 200)).toEqual([[200, 1200]]);
  });

  it('rejects an element without a timestamp and says to assign timestamps', () => {
    const assigner = TumblingEventTimeWindows.of(5000);
    expectConfigError(
      () => assigner.assignWindows('element', MIN_TIMESTAMP, context),
      ErrorCodes.INVALID_ARGUMENT,
      /no timestamp/,
      /assignTimestampsAndWatermarks/,
    );
  });

  it('returns the same frozen array and window for consecutive elements of one window', () => {
    const assigner = TumblingEventTimeWindows.of(5000);
    const first = assigner.assignWindows('a', 10, context);
    const second = assigner.assignWindows('b', 4999, context);
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const next = assigner.assignWindows('c', 5000, context);
    expect(next).not.toBe(first);
    expect(assigner.assignWindows('d', 20, context)[0]!.equals(first[0]!)).toBe(true);
  });

  it('assigns like getWindowStartWithOffset for timestamps in any order', () => {
    const size = 7;
    for (const offset of [0, 3, -2, 6, -6]) {
      const assigner = TumblingEventTimeWindows.of(size, offset);
      const timestamps = [-30, 5, -1, -8, 0, 6, 7, 13, 14, 100, -15, 2, 2, 3, -100];
      for (const t of timestamps) {
        const start = TimeWindow.getWindowStartWithOffset(t, offset, size);
        expect(assign(assigner, t)).toEqual([[start, start + size]]);
      }
    }
  });
});

describe('TumblingEventTimeWindows parameters', () => {
  it.each([[0], [-1000], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY]])('rejects size %s as an invalid duration', (size) => {
    expectConfigError(() => TumblingEventTimeWindows.of(size), ErrorCodes.INVALID_DURATION, /size/, new RegExp(String(size)));
  });

  it.each([
    [10_000, 20_000],
    [10_000, 10_000],
    [10_000, -10_000],
    [10_000, -11_000],
  ])('rejects size %i with offset %i because abs(offset) < size', (size, offset) => {
    expectConfigError(
      () => TumblingEventTimeWindows.of(size, offset),
      ErrorCodes.INVALID_ARGUMENT,
      /abs\(offset\) < size/,
      new RegExp(`offset ${offset}`),
      new RegExp(`size ${size}`),
    );
  });

  it('rejects a non-integer offset as an invalid duration', () => {
    expectConfigError(() => TumblingEventTimeWindows.of(1000, 0.5), ErrorCodes.INVALID_DURATION, /offset/, /0\.5/);
  });

  it('rejects a stagger that is not a WindowStagger', () => {
    expectConfigError(
      () => TumblingEventTimeWindows.of(1000, 0, 'NATURAL' as never),
      ErrorCodes.INVALID_ARGUMENT,
      /stagger/,
      /"NATURAL"/,
    );
  });
});

describe('TumblingEventTimeWindows properties', () => {
  it('is an event-time assigner with TimeWindow namespaces and an EventTimeTrigger by default', () => {
    const assigner = TumblingEventTimeWindows.of(5000, 100);
    expect(assigner.isEventTime).toBe(true);
    expect(assigner.namespaces).toBe(TimeWindow.namespaces);
    expect(assigner.defaultTrigger()).toBeInstanceOf(EventTimeTrigger);
    expect('merging' in assigner).toBe(false);
  });
});
