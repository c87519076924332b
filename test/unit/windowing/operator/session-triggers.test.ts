import { describe, it } from 'vitest';
import { windowOperatorHarness } from '../../../../src/testing/window-operator-harness.js';
import { EventTimeSessionWindows } from '../../../../src/windowing/assigners/event-time-session-windows.js';
import type { MergingWindowAssigner } from '../../../../src/windowing/assigners/window-assigner.js';
import { ContinuousEventTimeTrigger } from '../../../../src/windowing/triggers/continuous-event-time-trigger.js';
import { CountTrigger } from '../../../../src/windowing/triggers/count-trigger.js';
import { PurgingTrigger } from '../../../../src/windowing/triggers/purging-trigger.js';
import type { Trigger } from '../../../../src/windowing/triggers/trigger.js';
import type { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import {
  byKey,
  el,
  expectOutput,
  expectSameOutputAcrossRestores,
  rec,
  runWithRestoreAt,
  sessionSum,
  toWm,
  wm,
  type Pair,
  type Session,
} from './window-test-support.js';

// Flink's WindowOperatorTest.testSessionWindowsWithCountTrigger and
// testSessionWindowsWithContinuousEventTimeTrigger: trigger state merges with the sessions.

const gap3s = EventTimeSessionWindows.withGap(3_000) as MergingWindowAssigner<Pair, TimeWindow>;

function sessions(trigger: Trigger<Pair, TimeWindow>) {
  return () =>
    windowOperatorHarness<Pair, Session, string, TimeWindow>({ keySelector: byKey, assigner: gap3s, trigger, process: sessionSum });
}

describe('session windows with a purging count trigger (4)', () => {
  const create = sessions(PurgingTrigger.of(CountTrigger.of<TimeWindow>(4)));
  const steps = [
    el<Pair>(['key2', 1], 0),
    el<Pair>(['key2', 2], 1000),
    el<Pair>(['key2', 3], 2500),
    el<Pair>(['key2', 4], 3500),
    el<Pair>(['key1', 1], 10),
    el<Pair>(['key1', 2], 1000),
    // Flink snapshots here
    el<Pair>(['key1', 3], 2500),
    el<Pair>(['key1', 1], 6000),
    el<Pair>(['key1', 2], 6500),
    el<Pair>(['key1', 3], 7000),
    // bridges the two key1 sessions (3 + 3 elements): the merged count reaches 4 and fires
    el<Pair>(['key1', 10], 4500),
  ];
  const expected = [rec<Session>(['key2-10', 0, 6500], 6499), rec<Session>(['key1-22', 10, 10000], 9999)];

  it('fires when the merged sessions together reach the count, across a restore', () => {
    expectOutput(runWithRestoreAt(create, steps, 6).main, expected);
  });

  it('keeps counts and merging sets across a snapshot taken after any step', () => {
    expectSameOutputAcrossRestores(create, steps);
  });

  it('does not fire before the bridging element arrives', () => {
    expectOutput(runWithRestoreAt(create, steps.slice(0, -1), 6).main, [rec<Session>(['key2-10', 0, 6500], 6499)]);
  });
});

describe('session windows with a continuous event-time trigger (2 s)', () => {
  const create = sessions(ContinuousEventTimeTrigger.of<TimeWindow>(2_000));
  const steps = [
    // first fire time is 2000
    el<Pair>(['key1', 1], 1500),
    el<Pair>(['key2', 1], 0),
    el<Pair>(['key2', 3], 2500),
    el<Pair>(['key2', 2], 1000),
    toWm<Pair>(2500),
    el<Pair>(['key2', 5], 4000),
    toWm<Pair>(3000),
    // Flink snapshots here
    el<Pair>(['key1', 2], 4000),
    el<Pair>(['key2', 4], 3500),
    toWm<Pair>(4000),
  ];
  const expected = [
    rec<Session>(['key1-1', 1500, 4500], 4499),
    rec<Session>(['key2-6', 0, 5500], 5499),
    wm(2500),
    wm(3000),
    rec<Session>(['key1-3', 1500, 7000], 6999),
    rec<Session>(['key2-15', 0, 7000], 6999),
    wm(4000),
  ];

  it('fires merged sessions at the earliest pending periodic time, keeping contents', () => {
    expectOutput(runWithRestoreAt(create, steps, 7).main, expected);
  });

  it('keeps the pending fire times across a snapshot taken after any step', () => {
    expectSameOutputAcrossRestores(create, steps);
  });
});
