import { describe, expect, it } from 'vitest';
import { windowOperatorHarness } from '../../../../src/testing/window-operator-harness.js';
import { MAX_TIMESTAMP } from '../../../../src/time/time-types.js';
import { GlobalWindows } from '../../../../src/windowing/assigners/global-windows.js';
import type { WindowAssigner } from '../../../../src/windowing/assigners/window-assigner.js';
import { ContinuousEventTimeTrigger } from '../../../../src/windowing/triggers/continuous-event-time-trigger.js';
import { CountTrigger } from '../../../../src/windowing/triggers/count-trigger.js';
import { PurgingTrigger } from '../../../../src/windowing/triggers/purging-trigger.js';
import type { Trigger } from '../../../../src/windowing/triggers/trigger.js';
import type { GlobalWindow } from '../../../../src/windowing/windows/global-window.js';
import {
  byKey,
  el,
  expectOutput,
  expectSameOutputAcrossRestores,
  rec,
  runWithRestoreAt,
  stateCounts,
  sumPairs,
  toWm,
  wm,
  type Pair,
} from './window-test-support.js';

// Flink's WindowOperatorTest.testCountTrigger, testContinuousWatermarkTrigger, testEndOfStreamTrigger,
// and WindowOperatorContractTest.testNoGarbageCollectionTimerForGlobalWindow.

function globalWindows(trigger?: Trigger<Pair, GlobalWindow>, assigner = GlobalWindows.create()) {
  return () =>
    windowOperatorHarness<Pair, Pair, string, GlobalWindow>({
      keySelector: byKey,
      assigner: assigner as WindowAssigner<Pair, GlobalWindow>,
      trigger,
      reduce: sumPairs,
    });
}

/** Results of global windows carry the end of time. */
const atEnd = (pair: Pair) => rec(pair, MAX_TIMESTAMP);

describe('count windows: global windows with a purging count trigger (countWindow(4))', () => {
  const create = globalWindows(PurgingTrigger.of(CountTrigger.of<GlobalWindow>(4)));
  // The timestamps are ignored by global windows.
  const steps = [
    el<Pair>(['key2', 1], 3000),
    el<Pair>(['key2', 1], 3999),
    el<Pair>(['key1', 1], 20),
    el<Pair>(['key1', 1], 0),
    el<Pair>(['key1', 1], 999),
    el<Pair>(['key2', 1], 1998),
    el<Pair>(['key2', 1], 1999),
    // Flink snapshots here: key2 has counted 4 - 1 elements
    el<Pair>(['key2', 1], 1000),
    el<Pair>(['key1', 1], 10999),
    el<Pair>(['key2', 1], 1000),
    el<Pair>(['key2', 1], 1000),
    el<Pair>(['key2', 1], 1000),
  ];
  const expected = [atEnd(['key2', 4]), atEnd(['key1', 4]), atEnd(['key2', 4])];

  it('emits every fourth element of a key, stamped with the end of time, and starts over', () => {
    expectOutput(runWithRestoreAt(create, steps, 7).main, expected);
  });

  it('keeps the counts across a snapshot taken after any step', () => {
    expectSameOutputAcrossRestores(create, steps);
  });

  it('registers no cleanup timer: global windows are never garbage collected', () => {
    const h = create();
    h.processElement(['key1', 1], 0).processWatermark(MAX_TIMESTAMP - 1);
    expect(stateCounts(h)).toEqual({ entries: 2, eventTimers: 0, processingTimers: 0 }); // contents and count
  });
});

describe('global windows with a continuous event-time trigger (3 s)', () => {
  const create = globalWindows(ContinuousEventTimeTrigger.of<GlobalWindow>(3_000));
  const steps = [
    el<Pair>(['key1', 1], 0),
    el<Pair>(['key2', 1], 3000),
    el<Pair>(['key2', 1], 3999),
    el<Pair>(['key1', 1], 20),
    el<Pair>(['key1', 1], 999),
    el<Pair>(['key2', 1], 1998),
    el<Pair>(['key2', 1], 1999),
    el<Pair>(['key2', 1], 1000),
    ...[1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000].map((t) => toWm<Pair>(t)),
  ];
  const expected = [
    wm(1000),
    wm(2000),
    atEnd(['key1', 3]),
    wm(3000),
    wm(4000),
    wm(5000),
    atEnd(['key1', 3]),
    atEnd(['key2', 5]),
    wm(6000),
    wm(7000),
    wm(8000),
  ];

  it('fires every interval from the first element of each key, keeping the contents', () => {
    expectOutput(expectSameOutputAcrossRestores(create, steps).main, expected);
  });
});

describe('global windows with the end-of-stream trigger', () => {
  const create = globalWindows(undefined, GlobalWindows.createWithEndOfStreamTrigger());
  const steps = [
    el<Pair>(['key2', 1], 3000),
    el<Pair>(['key2', 1], 3999),
    el<Pair>(['key1', 1], 20),
    el<Pair>(['key1', 1], 0),
    el<Pair>(['key1', 1], 999),
    el<Pair>(['key2', 1], 1998),
    el<Pair>(['key2', 1], 1999),
    el<Pair>(['key2', 1], 1000),
    toWm<Pair>(MAX_TIMESTAMP - 1),
    toWm<Pair>(MAX_TIMESTAMP),
  ];

  it('emits each key once, at the final watermark only', () => {
    const expected = [wm(MAX_TIMESTAMP - 1), atEnd(['key1', 3]), atEnd(['key2', 5]), wm(MAX_TIMESTAMP)];
    expectOutput(expectSameOutputAcrossRestores(create, steps).main, expected);
  });

  it('emits them through endInput() too', () => {
    const h = create();
    h.processElement(['key1', 1], 5).processElement(['key1', 2], 6).endInput();
    expectOutput(h.elements(), [atEnd(['key1', 3]), wm(MAX_TIMESTAMP)]);
  });
});

describe('global windows with their default trigger', () => {
  it('never fire', () => {
    const h = globalWindows()();
    h.processElement(['key1', 1], 5).processElement(['key1', 2], 6).processWatermark(MAX_TIMESTAMP);
    expectOutput(h.elements(), [wm(MAX_TIMESTAMP)]);
    expect(stateCounts(h)).toEqual({ entries: 1, eventTimers: 0, processingTimers: 0 });
  });
});
