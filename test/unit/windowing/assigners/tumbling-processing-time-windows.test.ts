import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { MIN_TIMESTAMP } from '../../../../src/time/time-types.js';
import { TumblingProcessingTimeWindows } from '../../../../src/windowing/assigners/tumbling-processing-time-windows.js';
import { WindowStagger } from '../../../../src/windowing/assigners/window-stagger.js';
import { ProcessingTimeTrigger } from '../../../../src/windowing/triggers/processing-time-trigger.js';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { TestAssignerContext, expectConfigError, spans } from './assigner-test-support.js';

/** Assigns an element without a timestamp at processing time `now`. */
function assignAt(assigner: TumblingProcessingTimeWindows, ctx: TestAssignerContext, now: number): Array<[number, number]> {
  ctx.now = now;
  return spans(assigner.assignWindows('element', MIN_TIMESTAMP, ctx));
}

describe('TumblingProcessingTimeWindows assignment', () => {
  it('puts each element in the window containing the current processing time', () => {
    const assigner = TumblingProcessingTimeWindows.of(5000);
    const ctx = new TestAssignerContext();
    expect(assignAt(assigner, ctx, 0)).toEqual([[0, 5000]]);
    expect(assignAt(assigner, ctx, 4999)).toEqual([[0, 5000]]);
    expect(assignAt(assigner, ctx, 5000)).toEqual([[5000, 10000]]);
  });

  it('ignores the element timestamp', () => {
    const assigner = TumblingProcessingTimeWindows.of(5000);
    const ctx = new TestAssignerContext(12_345);
    expect(spans(assigner.assignWindows('element', 0, ctx))).toEqual([[10000, 15000]]);
    expect(spans(assigner.assignWindows('element', 99_999, ctx))).toEqual([[10000, 15000]]);
  });

  it('shifts window starts by a positive offset', () => {
    const assigner = TumblingProcessingTimeWindows.of(5000, 100);
    const ctx = new TestAssignerContext();
    expect(assignAt(assigner, ctx, 100)).toEqual([[100, 5100]]);
    expect(assignAt(assigner, ctx, 5099)).toEqual([[100, 5100]]);
    expect(assignAt(assigner, ctx, 5100)).toEqual([[5100, 10100]]);
  });

  it('shifts window starts back by a negative offset', () => {
    const assigner = TumblingProcessingTimeWindows.of(5000, -100);
    const ctx = new TestAssignerContext();
    expect(assignAt(assigner, ctx, 100)).toEqual([[-100, 4900]]);
    expect(assignAt(assigner, ctx, 4899)).toEqual([[-100, 4900]]);
    expect(assignAt(assigner, ctx, 4900)).toEqual([[4900, 9900]]);
  });

  it('handles second-sized windows with a one-second offset', () => {
    const assigner = TumblingProcessingTimeWindows.of(5000, 1000);
    const ctx = new TestAssignerContext();
    expect(assignAt(assigner, ctx, 1000)).toEqual([[1000, 6000]]);
    expect(assignAt(assigner, ctx, 5999)).toEqual([[1000, 6000]]);
    expect(assignAt(assigner, ctx, 6000)).toEqual([[6000, 11000]]);
  });

  it('with NATURAL stagger, aligns windows to the processing time of the first element', () => {
    const assigner = TumblingProcessingTimeWindows.of(5000, 0, WindowStagger.NATURAL);
    const ctx = new TestAssignerContext();
    expect(assignAt(assigner, ctx, 150)).toEqual([[150, 5150]]);
    expect(assignAt(assigner, ctx, 5099)).toEqual([[150, 5150]]);
    expect(assignAt(assigner, ctx, 5300)).toEqual([[5150, 10150]]);
  });

  it('with RANDOM stagger, keeps the offset drawn at the first element', () => {
    const draws = [0.1, 0.9];
    const assigner = TumblingProcessingTimeWindows.of(1000, 0, WindowStagger.random(() => draws.shift()!));
    const ctx = new TestAssignerContext();
    expect(assignAt(assigner, ctx, 150)).toEqual([[100, 1100]]);
    expect(assignAt(assigner, ctx, 1150)).toEqual([[1100, 2100]]);
    expect(draws).toEqual([0.9]);
  });

  it('returns the same frozen array while processing time stays in one window', () => {
    const assigner = TumblingProcessingTimeWindows.of(1000);
    const ctx = new TestAssignerContext(10);
    const first = assigner.assignWindows('a', MIN_TIMESTAMP, ctx);
    ctx.now = 999;
    expect(assigner.assignWindows('b', MIN_TIMESTAMP, ctx)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });
});

describe('TumblingProcessingTimeWindows parameters', () => {
  it.each([[0], [-1000], [2.5]])('rejects size %s as an invalid duration', (size) => {
    expectConfigError(() => TumblingProcessingTimeWindows.of(size), ErrorCodes.INVALID_DURATION, /size/);
  });

  it.each([
    [10_000, 20_000],
    [10_000, -10_000],
  ])('rejects size %i with offset %i because abs(offset) < size', (size, offset) => {
    expectConfigError(
      () => TumblingProcessingTimeWindows.of(size, offset),
      ErrorCodes.INVALID_ARGUMENT,
      /abs\(offset\) < size/,
      new RegExp(`offset ${offset} and size ${size}`),
    );
  });
});

describe('TumblingProcessingTimeWindows properties', () => {
  it('is a processing-time assigner with TimeWindow namespaces and a ProcessingTimeTrigger by default', () => {
    const assigner = TumblingProcessingTimeWindows.of(5000, 100);
    expect(assigner.isEventTime).toBe(false);
    expect(assigner.namespaces).toBe(TimeWindow.namespaces);
    expect(assigner.defaultTrigger()).toBeInstanceOf(ProcessingTimeTrigger);
  });
});
