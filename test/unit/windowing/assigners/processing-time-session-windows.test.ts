import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { MIN_TIMESTAMP } from '../../../../src/time/time-types.js';
import { ProcessingTimeSessionWindows } from '../../../../src/windowing/assigners/processing-time-session-windows.js';
import { isMergingAssigner } from '../../../../src/windowing/assigners/window-assigner.js';
import { ProcessingTimeTrigger } from '../../../../src/windowing/triggers/processing-time-trigger.js';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { TestAssignerContext, expectConfigError, merges, spans } from './assigner-test-support.js';

describe('ProcessingTimeSessionWindows.withGap', () => {
  it('opens [now, now + gap) at the current processing time, ignoring the timestamp', () => {
    const assigner = ProcessingTimeSessionWindows.withGap(5000);
    const ctx = new TestAssignerContext(0);
    expect(spans(assigner.assignWindows('element', MIN_TIMESTAMP, ctx))).toEqual([[0, 5000]]);
    ctx.now = 4999;
    expect(spans(assigner.assignWindows('element', 0, ctx))).toEqual([[4999, 9999]]);
    ctx.now = 5000;
    expect(spans(assigner.assignWindows('element', 123_456, ctx))).toEqual([[5000, 10000]]);
  });

  it.each([[-1000], [0], [0.5]])('rejects gap %s as an invalid duration', (gap) => {
    expectConfigError(() => ProcessingTimeSessionWindows.withGap(gap), ErrorCodes.INVALID_DURATION, /gap/);
  });

  it('merges touching and covering sessions', () => {
    const assigner = ProcessingTimeSessionWindows.withGap(5000);
    expect(
      merges(
        [
          [1, 1],
          [0, 2],
          [4, 7],
          [5, 6],
          [7, 8],
          [10, 11],
        ],
        assigner.mergeWindows.bind(assigner),
      ),
    ).toEqual([
      { group: [[0, 2], [1, 1]], result: [0, 2] },
      { group: [[4, 7], [5, 6], [7, 8]], result: [4, 8] },
    ]);
  });

  it('is a merging processing-time assigner with TimeWindow namespaces and a ProcessingTimeTrigger by default', () => {
    const assigner = ProcessingTimeSessionWindows.withGap(5000);
    expect(assigner.isEventTime).toBe(false);
    expect(isMergingAssigner(assigner)).toBe(true);
    expect(assigner.namespaces).toBe(TimeWindow.namespaces);
    expect(assigner.defaultTrigger()).toBeInstanceOf(ProcessingTimeTrigger);
  });
});

describe('ProcessingTimeSessionWindows.withDynamicGap', () => {
  it('opens [now, now + gap) with the gap extracted from each element', () => {
    const assigner = ProcessingTimeSessionWindows.withDynamicGap((element: { gap: number }) => element.gap);
    const ctx = new TestAssignerContext(100);
    expect(spans(assigner.assignWindows({ gap: 5000 }, MIN_TIMESTAMP, ctx))).toEqual([[100, 5100]]);
    expect(spans(assigner.assignWindows({ gap: 4000 }, MIN_TIMESTAMP, ctx))).toEqual([[100, 4100]]);
  });

  it('rejects a non-positive extracted gap at assignment, naming it', () => {
    const assigner = ProcessingTimeSessionWindows.withDynamicGap(() => -1);
    expectConfigError(
      () => assigner.assignWindows('element', 1, new TestAssignerContext()),
      ErrorCodes.INVALID_DURATION,
      /0 < gap/,
      /-1/,
    );
  });

  it('is a merging processing-time assigner with a ProcessingTimeTrigger by default', () => {
    const assigner = ProcessingTimeSessionWindows.withDynamicGap(() => 5000);
    expect(assigner.isEventTime).toBe(false);
    expect(isMergingAssigner(assigner)).toBe(true);
    expect(assigner.defaultTrigger()).toBeInstanceOf(ProcessingTimeTrigger);
  });
});
