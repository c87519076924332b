import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { MIN_TIMESTAMP } from '../../../../src/time/time-types.js';
import { SlidingProcessingTimeWindows } from '../../../../src/windowing/assigners/sliding-processing-time-windows.js';
import { ProcessingTimeTrigger } from '../../../../src/windowing/triggers/processing-time-trigger.js';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { TestAssignerContext, expectConfigError, spans } from './assigner-test-support.js';

function assignAt(assigner: SlidingProcessingTimeWindows, ctx: TestAssignerContext, now: number): Array<[number, number]> {
  ctx.now = now;
  return spans(assigner.assignWindows('element', MIN_TIMESTAMP, ctx));
}

describe('SlidingProcessingTimeWindows assignment', () => {
  it('puts each element in the windows containing the current processing time, newest first', () => {
    const assigner = SlidingProcessingTimeWindows.of(5000, 1000);
    const ctx = new TestAssignerContext();
    expect(assignAt(assigner, ctx, 0)).toEqual([
      [0, 5000],
      [-1000, 4000],
      [-2000, 3000],
      [-3000, 2000],
      [-4000, 1000],
    ]);
    expect(assignAt(assigner, ctx, 4999)).toEqual([
      [4000, 9000],
      [3000, 8000],
      [2000, 7000],
      [1000, 6000],
      [0, 5000],
    ]);
    expect(assignAt(assigner, ctx, 5000)).toEqual([
      [5000, 10000],
      [4000, 9000],
      [3000, 8000],
      [2000, 7000],
      [1000, 6000],
    ]);
  });

  it('ignores the element timestamp', () => {
    const assigner = SlidingProcessingTimeWindows.of(2000, 1000);
    const ctx = new TestAssignerContext(1500);
    expect(spans(assigner.assignWindows('element', 99_999, ctx))).toEqual([
      [1000, 3000],
      [0, 2000],
    ]);
  });

  it('shifts window starts by a positive offset', () => {
    const assigner = SlidingProcessingTimeWindows.of(5000, 1000, 100);
    const ctx = new TestAssignerContext();
    expect(assignAt(assigner, ctx, 100)).toEqual([
      [100, 5100],
      [-900, 4100],
      [-1900, 3100],
      [-2900, 2100],
      [-3900, 1100],
    ]);
    expect(assignAt(assigner, ctx, 5100)).toEqual([
      [5100, 10100],
      [4100, 9100],
      [3100, 8100],
      [2100, 7100],
      [1100, 6100],
    ]);
  });

  it('shifts window starts back by a negative offset', () => {
    const assigner = SlidingProcessingTimeWindows.of(5000, 1000, -100);
    const ctx = new TestAssignerContext();
    expect(assignAt(assigner, ctx, 100)).toEqual([
      [-100, 4900],
      [-1100, 3900],
      [-2100, 2900],
      [-3100, 1900],
      [-4100, 900],
    ]);
    expect(assignAt(assigner, ctx, 4900)).toEqual([
      [4900, 9900],
      [3900, 8900],
      [2900, 7900],
      [1900, 6900],
      [900, 5900],
    ]);
  });
});

describe('SlidingProcessingTimeWindows parameters', () => {
  it('rejects a size or slide that is not a positive integer as an invalid duration', () => {
    expectConfigError(() => SlidingProcessingTimeWindows.of(-2000, 1000), ErrorCodes.INVALID_DURATION, /size/);
    expectConfigError(() => SlidingProcessingTimeWindows.of(2000, -1000), ErrorCodes.INVALID_DURATION, /slide/);
  });

  it.each([
    [20_000, 10_000, -11_000],
    [20_000, 10_000, 11_000],
  ])('rejects size %i, slide %i, offset %i because abs(offset) < slide', (size, slide, offset) => {
    expectConfigError(
      () => SlidingProcessingTimeWindows.of(size, slide, offset),
      ErrorCodes.INVALID_ARGUMENT,
      /abs\(offset\) < slide/,
    );
  });

  it('rejects more than 10,000,000 windows per element', () => {
    expectConfigError(() => SlidingProcessingTimeWindows.of(20_000_001, 2), ErrorCodes.INVALID_ARGUMENT, /size \/ slide/);
  });
});

describe('SlidingProcessingTimeWindows properties', () => {
  it('is a processing-time assigner with TimeWindow namespaces and a ProcessingTimeTrigger by default', () => {
    const assigner = SlidingProcessingTimeWindows.of(5000, 100);
    expect(assigner.isEventTime).toBe(false);
    expect(assigner.namespaces).toBe(TimeWindow.namespaces);
    expect(assigner.defaultTrigger()).toBeInstanceOf(ProcessingTimeTrigger);
  });
});
