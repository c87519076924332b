import { describe, expect, it } from 'vitest';
import type { AggregateFunction } from '../../../../src/state/aggregate-function.js';
import { windowOperatorHarness } from '../../../../src/testing/window-operator-harness.js';
import { SlidingEventTimeWindows } from '../../../../src/windowing/assigners/sliding-event-time-windows.js';
import { TumblingEventTimeWindows } from '../../../../src/windowing/assigners/tumbling-event-time-windows.js';
import type { WindowAssigner } from '../../../../src/windowing/assigners/window-assigner.js';
import type { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import {
  byKey,
  el,
  expectOutput,
  expectSameOutputAcrossRestores,
  rec,
  richSum,
  runWithRestoreAt,
  sumPairs,
  toWm,
  wm,
  type Lifecycle,
  type Pair,
  type Step,
} from './window-test-support.js';

// Flink's WindowOperatorTest.testSlidingEventTimeWindows* and testTumblingEventTimeWindows*.

/** Flink's input: out of order, two keys. */
const input: Step<Pair>[] = [
  el(['key2', 1], 3999),
  el(['key2', 1], 3000),
  el(['key1', 1], 20),
  el(['key1', 1], 0),
  el(['key1', 1], 999),
  el(['key2', 1], 1998),
  el(['key2', 1], 1999),
  el(['key2', 1], 1000),
];
const watermarks = [999, 1999, 2999, 3999, 4999, 5999, 6999, 7999].map((t) => toWm<Pair>(t));
const steps = [...input, ...watermarks];
/** Flink snapshots, closes and restores right after watermark 2999. */
const afterWatermark2999 = input.length + 3;

const sumAggregate: AggregateFunction<Pair, { key: string; sum: number }, Pair> = {
  createAccumulator: () => ({ key: '', sum: 0 }),
  add: (v, acc) => ({ key: v[0], sum: acc.sum + v[1] }),
  getResult: (acc) => [acc.key, acc.sum],
  merge: (a, b) => ({ key: b.key, sum: a.sum + b.sum }),
};

/** The window operator of the test with each kind of window function Flink tests (plus aggregate). */
function variants(assigner: WindowAssigner<Pair, TimeWindow>, lifecycle?: Lifecycle) {
  return {
    reduce: () => windowOperatorHarness<Pair, Pair, string, TimeWindow>({ keySelector: byKey, assigner, reduce: sumPairs }),
    process: () =>
      windowOperatorHarness<Pair, Pair, string, TimeWindow>({ keySelector: byKey, assigner, process: richSum(lifecycle) }),
    aggregate: () =>
      windowOperatorHarness<Pair, Pair, string, TimeWindow>({ keySelector: byKey, assigner, aggregate: sumAggregate }),
  };
}

describe('sliding event-time windows (size 3 s, slide 1 s)', () => {
  const assigner = SlidingEventTimeWindows.of(3_000, 1_000);
  const expected = [
    rec<Pair>(['key1', 3], 999),
    wm(999),
    rec<Pair>(['key1', 3], 1999),
    rec<Pair>(['key2', 3], 1999),
    wm(1999),
    rec<Pair>(['key1', 3], 2999),
    rec<Pair>(['key2', 3], 2999),
    wm(2999),
    rec<Pair>(['key2', 5], 3999),
    wm(3999),
    rec<Pair>(['key2', 2], 4999),
    wm(4999),
    rec<Pair>(['key2', 2], 5999),
    wm(5999),
    wm(6999),
    wm(7999),
  ];

  for (const [name, create] of Object.entries(variants(assigner))) {
    it(`with ${name}: fires every window when the watermark reaches end - 1, across a restore after watermark 2999`, () => {
      expectOutput(runWithRestoreAt(create, steps, afterWatermark2999).main, expected);
    });

    it(`with ${name}: gives the uninterrupted output when restored from a snapshot after any step`, () => {
      expectOutput(expectSameOutputAcrossRestores(create, steps).main, expected);
    });
  }

  it('opens the process window function before use and closes it once per operator instance', () => {
    const lifecycle = { opened: 0, closed: 0 };
    runWithRestoreAt(variants(assigner, lifecycle).process, steps, afterWatermark2999);
    expect(lifecycle).toEqual({ opened: 2, closed: 2 });
  });
});

describe('tumbling event-time windows (size 3 s)', () => {
  const assigner = TumblingEventTimeWindows.of(3_000);
  const expected = [
    wm(999),
    wm(1999),
    rec<Pair>(['key1', 3], 2999),
    rec<Pair>(['key2', 3], 2999),
    wm(2999),
    wm(3999),
    wm(4999),
    rec<Pair>(['key2', 2], 5999),
    wm(5999),
    wm(6999),
    wm(7999),
  ];
  /** Flink restores this one after watermark 1999. */
  const afterWatermark1999 = input.length + 2;

  for (const [name, create] of Object.entries(variants(assigner))) {
    it(`with ${name}: emits each window once, at watermark end - 1, across a restore after watermark 1999`, () => {
      expectOutput(runWithRestoreAt(create, steps, afterWatermark1999).main, expected);
    });

    it(`with ${name}: gives the uninterrupted output when restored from a snapshot after any step`, () => {
      expectOutput(expectSameOutputAcrossRestores(create, steps).main, expected);
    });
  }

  it('opens the process window function before use and closes it once per operator instance', () => {
    const lifecycle = { opened: 0, closed: 0 };
    runWithRestoreAt(variants(assigner, lifecycle).process, steps, afterWatermark1999);
    expect(lifecycle).toEqual({ opened: 2, closed: 2 });
  });

  it('stamps results with the window max timestamp also for negative windows', () => {
    const h = variants(assigner).reduce();
    h.processElement(['a', 1], -1).processElement(['a', 2], -3_000).processWatermark(-1);
    expectOutput(h.elements(), [rec<Pair>(['a', 3], -1), wm(-1)]);
  });
});
