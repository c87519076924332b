import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { MIN_TIMESTAMP } from '../../../../src/time/time-types.js';
import { EventTimeSessionWindows } from '../../../../src/windowing/assigners/event-time-session-windows.js';
import { isMergingAssigner } from '../../../../src/windowing/assigners/window-assigner.js';
import { EventTimeTrigger } from '../../../../src/windowing/triggers/event-time-trigger.js';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { TestAssignerContext, expectConfigError, merges, spans } from './assigner-test-support.js';

const context = new TestAssignerContext();

describe('EventTimeSessionWindows.withGap', () => {
  it('opens the window [timestamp, timestamp + gap) for each element', () => {
    const assigner = EventTimeSessionWindows.withGap(5000);
    expect(spans(assigner.assignWindows('element', 0, context))).toEqual([[0, 5000]]);
    expect(spans(assigner.assignWindows('element', 4999, context))).toEqual([[4999, 9999]]);
    expect(spans(assigner.assignWindows('element', 5000, context))).toEqual([[5000, 10000]]);
    expect(spans(assigner.assignWindows('element', -3, context))).toEqual([[-3, 4997]]);
  });

  it.each([[-1000], [0], [1.5], [Number.NaN]])('rejects gap %s as an invalid duration', (gap) => {
    expectConfigError(() => EventTimeSessionWindows.withGap(gap), ErrorCodes.INVALID_DURATION, /gap/, new RegExp(String(gap)));
  });

  it('rejects an element without a timestamp and says to assign timestamps', () => {
    expectConfigError(
      () => EventTimeSessionWindows.withGap(5000).assignWindows('element', MIN_TIMESTAMP, context),
      ErrorCodes.INVALID_ARGUMENT,
      /assignTimestampsAndWatermarks/,
    );
  });

  it('merges touching and overlapping sessions but not sessions with a gap between them', () => {
    const assigner = EventTimeSessionWindows.withGap(5000);
    const merge = assigner.mergeWindows.bind(assigner);
    expect(
      merges(
        [
          [0, 1],
          [1, 2],
          [2, 3],
          [4, 5],
          [5, 6],
        ],
        merge,
      ),
    ).toEqual([
      { group: [[0, 1], [1, 2], [2, 3]], result: [0, 3] },
      { group: [[4, 5], [5, 6]], result: [4, 6] },
    ]);
    expect(
      merges(
        [
          [1, 1],
          [0, 2],
          [4, 7],
          [5, 6],
        ],
        merge,
      ),
    ).toEqual([
      { group: [[0, 2], [1, 1]], result: [0, 2] },
      { group: [[4, 7], [5, 6]], result: [4, 7] },
    ]);
    expect(
      merges(
        [
          [0, 5500],
          [5501, 8501],
        ],
        merge,
      ),
    ).toEqual([]);
    expect(merges([[0, 0]], merge)).toEqual([]);
    expect(merges([[0, 1]], merge)).toEqual([]);
  });

  it('is a merging event-time assigner with TimeWindow namespaces and an EventTimeTrigger by default', () => {
    const assigner = EventTimeSessionWindows.withGap(5000);
    expect(assigner.isEventTime).toBe(true);
    expect(isMergingAssigner(assigner)).toBe(true);
    expect(assigner.namespaces).toBe(TimeWindow.namespaces);
    expect(assigner.defaultTrigger()).toBeInstanceOf(EventTimeTrigger);
    expect(assigner.fixedGap).toBe(5000);
  });
});

describe('EventTimeSessionWindows.withDynamicGap', () => {
  const gaps: Record<string, number> = { gap5000: 5000, gap4000: 4000, gap9000: 9000 };

  it('opens [timestamp, timestamp + gap) with the gap extracted from each element', () => {
    const assigner = EventTimeSessionWindows.withDynamicGap((element: string) => gaps[element]!);
    expect(spans(assigner.assignWindows('gap5000', 0, context))).toEqual([[0, 5000]]);
    expect(spans(assigner.assignWindows('gap4000', 4999, context))).toEqual([[4999, 8999]]);
    expect(spans(assigner.assignWindows('gap9000', 5000, context))).toEqual([[5000, 14000]]);
  });

  it.each([[-1], [0], [2.5], [Number.NaN], ['5000']])('rejects an extracted gap of %j at assignment, naming it', (gap) => {
    const assigner = EventTimeSessionWindows.withDynamicGap(() => gap as number);
    expectConfigError(
      () => assigner.assignWindows('element', 1, context),
      ErrorCodes.INVALID_DURATION,
      /0 < gap/,
      new RegExp(typeof gap === 'string' ? `"${gap}"` : String(gap)),
    );
  });

  it('rejects an extractor that is not a function', () => {
    expectConfigError(() => EventTimeSessionWindows.withDynamicGap(5000 as never), ErrorCodes.NOT_A_FUNCTION, /extractor/);
  });

  it('merges like fixed-gap sessions', () => {
    const assigner = EventTimeSessionWindows.withDynamicGap(() => 5000);
    expect(
      merges(
        [
          [0, 1],
          [1, 2],
          [2, 3],
          [4, 5],
          [5, 6],
        ],
        assigner.mergeWindows.bind(assigner),
      ),
    ).toEqual([
      { group: [[0, 1], [1, 2], [2, 3]], result: [0, 3] },
      { group: [[4, 5], [5, 6]], result: [4, 6] },
    ]);
  });

  it('is a merging event-time assigner with an EventTimeTrigger by default', () => {
    const assigner = EventTimeSessionWindows.withDynamicGap(() => 5000);
    expect(assigner.isEventTime).toBe(true);
    expect(isMergingAssigner(assigner)).toBe(true);
    expect(assigner.defaultTrigger()).toBeInstanceOf(EventTimeTrigger);
    expect(assigner.fixedGap).toBeUndefined();
  });
});
