import { describe, it } from 'vitest';
import { windowOperatorHarness } from '../../../../src/testing/window-operator-harness.js';
import { MAX_TIMESTAMP } from '../../../../src/time/time-types.js';
import { ProcessingTimeSessionWindows } from '../../../../src/windowing/assigners/processing-time-session-windows.js';
import { SlidingProcessingTimeWindows } from '../../../../src/windowing/assigners/sliding-processing-time-windows.js';
import { TumblingProcessingTimeWindows } from '../../../../src/windowing/assigners/tumbling-processing-time-windows.js';
import type { WindowAssigner } from '../../../../src/windowing/assigners/window-assigner.js';
import type { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import {
  byKey,
  el,
  expectOutput,
  expectSameOutputAcrossRestores,
  rec,
  sessionSum,
  sumPairs,
  toTime,
  type Pair,
  type Session,
} from './window-test-support.js';

// Flink's WindowOperatorTest.testProcessingTime{Tumbling,Sliding,Session}Windows and
// testDynamicProcessingTimeSessionWindows: the element timestamps are ignored.

function reducing(assigner: WindowAssigner<Pair, TimeWindow>) {
  return () => windowOperatorHarness<Pair, Pair, string, TimeWindow>({ keySelector: byKey, assigner, reduce: sumPairs });
}

describe('tumbling processing-time windows (3 s)', () => {
  const create = reducing(TumblingProcessingTimeWindows.of(3_000));
  const steps = [
    toTime<Pair>(3),
    el<Pair>(['key2', 1], MAX_TIMESTAMP),
    el<Pair>(['key2', 1], 7000),
    el<Pair>(['key2', 1], 7000),
    el<Pair>(['key1', 1], 7000),
    el<Pair>(['key1', 1], 7000),
    toTime<Pair>(5000),
    el<Pair>(['key1', 1], 7000),
    el<Pair>(['key1', 1], 7000),
    el<Pair>(['key1', 1], 7000),
    toTime<Pair>(7000),
  ];

  it('fires each window when processing time reaches its end - 1, whatever the element timestamps', () => {
    const expected = [rec<Pair>(['key2', 3], 2999), rec<Pair>(['key1', 2], 2999), rec<Pair>(['key1', 3], 5999)];
    expectOutput(expectSameOutputAcrossRestores(create, steps).main, expected);
  });
});

describe('sliding processing-time windows (3 s, slide 1 s)', () => {
  const create = reducing(SlidingProcessingTimeWindows.of(3_000, 1_000));
  const steps = [
    toTime<Pair>(3),
    el<Pair>(['key2', 1], MAX_TIMESTAMP),
    toTime<Pair>(1000),
    el<Pair>(['key2', 1], MAX_TIMESTAMP),
    el<Pair>(['key2', 1], MAX_TIMESTAMP),
    toTime<Pair>(2000),
    el<Pair>(['key1', 1], MAX_TIMESTAMP),
    el<Pair>(['key1', 1], MAX_TIMESTAMP),
    toTime<Pair>(3000),
    el<Pair>(['key1', 1], MAX_TIMESTAMP),
    el<Pair>(['key1', 1], MAX_TIMESTAMP),
    el<Pair>(['key1', 1], MAX_TIMESTAMP),
    toTime<Pair>(7000),
  ];

  it('fires every overlapping window it passes, each with what arrived in its span', () => {
    const expected = [
      rec<Pair>(['key2', 1], 999),
      rec<Pair>(['key2', 3], 1999),
      rec<Pair>(['key2', 3], 2999),
      rec<Pair>(['key1', 2], 2999),
      rec<Pair>(['key2', 2], 3999),
      rec<Pair>(['key1', 5], 3999),
      rec<Pair>(['key1', 5], 4999),
      rec<Pair>(['key1', 3], 5999),
    ];
    expectOutput(expectSameOutputAcrossRestores(create, steps).main, expected);
  });
});

describe('processing-time session windows (gap 3 s)', () => {
  const create = reducing(ProcessingTimeSessionWindows.withGap(3_000) as WindowAssigner<Pair, TimeWindow>);
  const steps = [
    toTime<Pair>(3),
    el<Pair>(['key2', 1], 1),
    toTime<Pair>(1000),
    el<Pair>(['key2', 1], 1002),
    toTime<Pair>(5000),
    el<Pair>(['key2', 1], 5000),
    el<Pair>(['key2', 1], 5000),
    el<Pair>(['key1', 1], 5000),
    el<Pair>(['key1', 1], 5000),
    el<Pair>(['key1', 1], 5000),
    toTime<Pair>(10000),
  ];

  it('opens sessions at the current processing time and fires them when it passes their end', () => {
    const expected = [rec<Pair>(['key2', 2], 3999), rec<Pair>(['key2', 2], 7999), rec<Pair>(['key1', 3], 7999)];
    expectOutput(expectSameOutputAcrossRestores(create, steps).main, expected);
  });
});

describe('processing-time session windows with a dynamic gap', () => {
  const assigner = ProcessingTimeSessionWindows.withDynamicGap<Pair>(([key, value]) =>
    key === 'key1' ? 3000 : value === 10 ? 1000 : 2000,
  ) as WindowAssigner<Pair, TimeWindow>;
  const create = () => windowOperatorHarness<Pair, Session, string, TimeWindow>({ keySelector: byKey, assigner, process: sessionSum });
  const steps = [
    toTime<Pair>(10),
    el<Pair>(['key1', 3], 10),
    toTime<Pair>(5000),
    el<Pair>(['key2', 4], 5000),
    toTime<Pair>(6000),
    el<Pair>(['key2', 5], 6000),
    toTime<Pair>(8999),
    toTime<Pair>(9000),
    el<Pair>(['key2', 1], 9000),
    toTime<Pair>(10000),
    el<Pair>(['key2', 2], 10000),
    toTime<Pair>(10500),
    el<Pair>(['key2', 10], 10500),
    toTime<Pair>(13000),
    el<Pair>(['key2', 10], 13000),
    toTime<Pair>(13500),
    el<Pair>(['key2', 10], 13500),
    toTime<Pair>(14000),
    el<Pair>(['key2', 1], 14000),
    toTime<Pair>(16999),
  ];

  it('keeps the furthest session end when a later element has a shorter gap', () => {
    const expected = [
      rec<Session>(['key1-3', 10, 3010], 3009),
      rec<Session>(['key2-9', 5000, 8000], 7999),
      rec<Session>(['key2-13', 9000, 12000], 11999),
      rec<Session>(['key2-21', 13000, 16000], 15999),
    ];
    expectOutput(expectSameOutputAcrossRestores(create, steps).main, expected);
  });
});
