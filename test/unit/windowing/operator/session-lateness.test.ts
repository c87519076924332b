import { describe, expect, it } from 'vitest';
import { OutputTag } from '../../../../src/api/output-tag.js';
import { windowOperatorHarness } from '../../../../src/testing/window-operator-harness.js';
import { EventTimeSessionWindows } from '../../../../src/windowing/assigners/event-time-session-windows.js';
import type { WindowAssigner } from '../../../../src/windowing/assigners/window-assigner.js';
import { EventTimeTrigger } from '../../../../src/windowing/triggers/event-time-trigger.js';
import { PurgingTrigger } from '../../../../src/windowing/triggers/purging-trigger.js';
import type { Trigger } from '../../../../src/windowing/triggers/trigger.js';
import type { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import {
  byKey,
  el,
  expectOutput,
  expectSameOutputAcrossRestores,
  expectSide,
  rec,
  reducedSession,
  sumPairs,
  toWm,
  wm,
  type Pair,
  type Session,
} from './window-test-support.js';

// Flink's WindowOperatorTest.test{SideOutput,Drop,NotSideOutput}DueToLatenessSession*: the
// lateness check runs on the merged session, so a late element can join a session that fired but
// is not cleaned up yet.

const late = new OutputTag<Pair>('late-output');
const gap3s = EventTimeSessionWindows.withGap(3_000) as WindowAssigner<Pair, TimeWindow>;
const purging = () => PurgingTrigger.of(EventTimeTrigger.create());

function sessions(allowedLateness: number, trigger?: Trigger<Pair, TimeWindow>) {
  return () =>
    windowOperatorHarness<Pair, Session, string, TimeWindow>({
      keySelector: byKey,
      assigner: gap3s,
      trigger,
      allowedLateness,
      lateDataTag: late,
      reduce: sumPairs,
      then: reducedSession,
    });
}

const one = (ts: number) => el<Pair>(['key2', 1], ts);

/** The common start: two sessions merged by a late-ish element, then a new session. */
const prefix = [
  one(1000),
  toWm<Pair>(1999),
  one(2000),
  toWm<Pair>(4998),
  // joins a session whose max timestamp is after the watermark: not late
  one(4500),
  one(8500),
  toWm<Pair>(7400),
  // bridges [1000, 7500) and [8500, 11500)
  one(7000),
  toWm<Pair>(11501),
  one(11600),
  toWm<Pair>(14600),
];
const prefixOutput = [
  wm(1999),
  wm(4998),
  wm(7400),
  rec<Session>(['key2-5', 1000, 11500], 11499),
  wm(11501),
  rec<Session>(['key2-1', 11600, 14600], 14599),
  wm(14600),
];

describe('late elements and session windows, no allowed lateness', () => {
  it('with a purging trigger: late elements are side-output one by one, never merged with each other', () => {
    const steps = [...prefix, one(10000), one(10100), one(14500), toWm<Pair>(20000), toWm<Pair>(100000)];
    const out = expectSameOutputAcrossRestores(sessions(0, purging()), steps, late);
    expectOutput(out.main, [...prefixOutput, rec<Session>(['key2-1', 14500, 17500], 17499), wm(20000), wm(100000)]);
    expectSide(out.late, [
      { value: ['key2', 1], timestamp: 10000 },
      { value: ['key2', 1], timestamp: 10100 },
    ]);
  });

  it('with an accumulating trigger: a late element is side-output with its timestamp', () => {
    const steps = [...prefix, one(10000), one(14500), toWm<Pair>(20000), toWm<Pair>(100000)];
    const out = expectSameOutputAcrossRestores(sessions(0), steps, late);
    expectOutput(out.main, [...prefixOutput, rec<Session>(['key2-1', 14500, 17500], 17499), wm(20000), wm(100000)]);
    expectSide(out.late, [{ value: ['key2', 1], timestamp: 10000 }]);
  });
});

describe('late elements and session windows within allowed lateness', () => {
  const steps = [...prefix, one(10000), one(14500), toWm<Pair>(20000), toWm<Pair>(100000)];

  it('lateness 10, purging: the element joins the fired session and re-fires it with only itself', () => {
    const out = expectSameOutputAcrossRestores(sessions(10, purging()), steps, late);
    expectOutput(out.main, [
      ...prefixOutput,
      rec<Session>(['key2-1', 10000, 14600], 14599),
      rec<Session>(['key2-1', 10000, 17500], 17499),
      wm(20000),
      wm(100000),
    ]);
    expect(out.late).toEqual([]);
  });

  it('lateness 10, accumulating: the element joins the fired session and re-fires it with everything', () => {
    const out = expectSameOutputAcrossRestores(sessions(10), steps, late);
    expectOutput(out.main, [
      ...prefixOutput,
      rec<Session>(['key2-2', 10000, 14600], 14599),
      rec<Session>(['key2-3', 10000, 17500], 17499),
      wm(20000),
      wm(100000),
    ]);
    expect(out.late).toEqual([]);
  });

  it('lateness 10000, purging: the element bridges two fired sessions and re-fires the merged one', () => {
    const out = expectSameOutputAcrossRestores(sessions(10000, purging()), steps, late);
    expectOutput(out.main, [
      ...prefixOutput,
      rec<Session>(['key2-1', 1000, 14600], 14599),
      rec<Session>(['key2-1', 1000, 17500], 17499),
      wm(20000),
      wm(100000),
    ]);
    expect(out.late).toEqual([]);
  });

  it('lateness 10000, accumulating: the bridged session re-fires with all its elements', () => {
    const out = expectSameOutputAcrossRestores(sessions(10000), steps, late);
    expectOutput(out.main, [
      ...prefixOutput,
      rec<Session>(['key2-7', 1000, 14600], 14599),
      rec<Session>(['key2-8', 1000, 17500], 17499),
      wm(20000),
      wm(100000),
    ]);
    expect(out.late).toEqual([]);
  });
});
