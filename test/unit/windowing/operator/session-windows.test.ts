import { describe, expect, it } from 'vitest';
import type { AggregateFunction } from '../../../../src/state/aggregate-function.js';
import { windowOperatorHarness } from '../../../../src/testing/window-operator-harness.js';
import { EventTimeSessionWindows } from '../../../../src/windowing/assigners/event-time-session-windows.js';
import type { MergingWindowAssigner } from '../../../../src/windowing/assigners/window-assigner.js';
import type { ProcessWindowFunction } from '../../../../src/windowing/functions/process-window-function.js';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import {
  byKey,
  el,
  expectOutput,
  expectSameOutputAcrossRestores,
  rec,
  reducedSession,
  runWithRestoreAt,
  sessionSum,
  stateCounts,
  sumPairs,
  toWm,
  wm,
  type Pair,
  type Session,
} from './window-test-support.js';

// Flink's WindowOperatorTest.testSessionWindows*, testReduceSessionWindows*, testPointSessions,
// testDynamicEventTimeSessionWindows.

const gap3s = EventTimeSessionWindows.withGap(3_000) as MergingWindowAssigner<Pair, TimeWindow>;

const sumAggregate: AggregateFunction<Pair, number, Pair> = {
  createAccumulator: () => 0,
  add: (v, acc) => acc + v[1],
  getResult: (acc) => ['', acc],
  merge: (a, b) => a + b,
};
/** Labels an aggregated session like Flink's SessionWindowFunction. */
const labelAggregate: ProcessWindowFunction<Pair, Session, string, TimeWindow> = {
  process(key, ctx, [[, sum]], out) {
    out.collect([`${key}-${sum}`, ctx.window.start, ctx.window.end]);
  },
};

const sessionsOf = {
  'process (all elements)': () =>
    windowOperatorHarness<Pair, Session, string, TimeWindow>({ keySelector: byKey, assigner: gap3s, process: sessionSum }),
  'reduce then process': () =>
    windowOperatorHarness<Pair, Session, string, TimeWindow>({ keySelector: byKey, assigner: gap3s, reduce: sumPairs, then: reducedSession }),
  'aggregate then process': () =>
    windowOperatorHarness<Pair, Session, string, TimeWindow>({
      keySelector: byKey,
      assigner: gap3s,
      aggregate: sumAggregate,
      then: labelAggregate as ProcessWindowFunction<unknown, Session, string, TimeWindow>,
    }),
};

describe('event-time session windows (gap 3 s)', () => {
  const steps = [
    el<Pair>(['key2', 1], 0),
    el<Pair>(['key2', 2], 1000),
    el<Pair>(['key2', 3], 2500),
    el<Pair>(['key1', 1], 10),
    el<Pair>(['key1', 2], 1000),
    el<Pair>(['key1', 3], 2500),
    el<Pair>(['key2', 4], 5501),
    el<Pair>(['key2', 5], 6000),
    el<Pair>(['key2', 5], 6000),
    el<Pair>(['key2', 6], 6050),
    toWm<Pair>(12000),
    el<Pair>(['key2', 10], 15000),
    el<Pair>(['key2', 20], 15000),
    toWm<Pair>(17999),
  ];
  const expected = [
    rec<Session>(['key1-6', 10, 5500], 5499),
    rec<Session>(['key2-6', 0, 5500], 5499),
    rec<Session>(['key2-20', 5501, 9050], 9049),
    wm(12000),
    rec<Session>(['key2-30', 15000, 18000], 17999),
    wm(17999),
  ];

  for (const [name, create] of Object.entries(sessionsOf)) {
    it(`with ${name}: merges each key's touching windows into sessions, across Flink's restore points`, () => {
      // testSessionWindows restores after five elements, testReduceSessionWindows after three.
      expectOutput(runWithRestoreAt(create, steps, 5).main, expected);
      expectOutput(runWithRestoreAt(create, steps, 3).main, expected);
    });

    it(`with ${name}: gives the uninterrupted output when restored from a snapshot after any step`, () => {
      expectOutput(expectSameOutputAcrossRestores(create, steps).main, expected);
    });
  }
});

describe('point sessions (zero-length windows from a custom session assigner)', () => {
  /** Flink's PointSessionWindows: value 33 gets the window [ts, ts). */
  const pointSessions: MergingWindowAssigner<Pair, TimeWindow> = {
    merging: true,
    isEventTime: true,
    namespaces: TimeWindow.namespaces,
    defaultTrigger: () => gap3s.defaultTrigger(),
    mergeWindows: (windows, merge) => gap3s.mergeWindows(windows, merge),
    assignWindows: (pair, ts) => [pair[1] === 33 ? new TimeWindow(ts, ts) : new TimeWindow(ts, ts + 3_000)],
  };
  const create = () =>
    windowOperatorHarness<Pair, Session, string, TimeWindow>({ keySelector: byKey, assigner: pointSessions, process: sessionSum });
  const steps = [
    el<Pair>(['key2', 1], 0),
    el<Pair>(['key2', 33], 1000),
    el<Pair>(['key2', 33], 2500),
    el<Pair>(['key1', 1], 10),
    el<Pair>(['key1', 2], 1000),
    el<Pair>(['key1', 33], 2500),
    toWm<Pair>(12000),
  ];
  const expected = [rec<Session>(['key1-36', 10, 4000], 3999), rec<Session>(['key2-67', 0, 3000], 2999), wm(12000)];

  it('merges point windows into the sessions that contain or touch them', () => {
    expectOutput(runWithRestoreAt(create, steps, 2).main, expected);
  });

  it('gives the uninterrupted output when restored from a snapshot after any step', () => {
    expectSameOutputAcrossRestores(create, steps);
  });
});

describe('event-time session windows with a dynamic gap', () => {
  const dynamic = EventTimeSessionWindows.withDynamicGap<Pair>(([key, value]) =>
    key === 'key1' ? 3000 : value === 10 ? 1000 : 2000,
  ) as MergingWindowAssigner<Pair, TimeWindow>;
  const create = () =>
    windowOperatorHarness<Pair, Session, string, TimeWindow>({ keySelector: byKey, assigner: dynamic, process: sessionSum });
  const steps = [
    el<Pair>(['key1', 3], 10),
    el<Pair>(['key2', 4], 5000),
    el<Pair>(['key2', 5], 6000),
    toWm<Pair>(8999),
    // a shorter gap never shrinks the session: the furthest end is kept
    el<Pair>(['key2', 1], 9000),
    el<Pair>(['key2', 2], 10000),
    el<Pair>(['key2', 10], 10500),
    toWm<Pair>(12999),
    // a gap that ends after the current end extends it
    el<Pair>(['key2', 10], 13000),
    el<Pair>(['key2', 10], 13500),
    el<Pair>(['key2', 1], 14000),
    toWm<Pair>(16999),
  ];
  const expected = [
    rec<Session>(['key1-3', 10, 3010], 3009),
    rec<Session>(['key2-9', 5000, 8000], 7999),
    wm(8999),
    rec<Session>(['key2-13', 9000, 12000], 11999),
    wm(12999),
    rec<Session>(['key2-21', 13000, 16000], 15999),
    wm(16999),
  ];

  it('takes each element gap, keeping the furthest session end', () => {
    expectOutput(expectSameOutputAcrossRestores(create, steps).main, expected);
  });

  it('keeps every element when a new window equals an already merged session', () => {
    // [0,3000) and [2000,5000) merge into [0,5000), whose contents stay in [0,3000); then [0,5000) itself arrives.
    // (Flink's MergingWindowSet maps [0,5000) to itself here and loses the first two elements.)
    const sameWindow = [el<Pair>(['key1', 1], 0), el<Pair>(['key1', 2], 2000), el<Pair>(['key1', 4], 0), toWm<Pair>(10000)];
    const gapFromValue = EventTimeSessionWindows.withDynamicGap<Pair>(([, v]) => (v === 4 ? 5000 : 3000));
    const h = () =>
      windowOperatorHarness<Pair, Session, string, TimeWindow>({
        keySelector: byKey,
        assigner: gapFromValue as MergingWindowAssigner<Pair, TimeWindow>,
        process: sessionSum,
      });
    const out = expectSameOutputAcrossRestores(h, sameWindow);
    expectOutput(out.main, [rec<Session>(['key1-7', 0, 5000], 4999), wm(10000)]);
    const after = h();
    for (const step of sameWindow) if ('element' in step) after.processElement(step.element, step.ts);
    after.processWatermark(10000);
    expect(stateCounts(after)).toEqual({ entries: 0, eventTimers: 0, processingTimers: 0 });
  });
});
