import { describe, expect, it } from 'vitest';
import { OutputTag } from '../../../../src/api/output-tag.js';
import { windowOperatorHarness } from '../../../../src/testing/window-operator-harness.js';
import { SlidingEventTimeWindows } from '../../../../src/windowing/assigners/sliding-event-time-windows.js';
import { TumblingEventTimeWindows } from '../../../../src/windowing/assigners/tumbling-event-time-windows.js';
import type { WindowAssigner } from '../../../../src/windowing/assigners/window-assigner.js';
import { LATE_RECORDS_DROPPED } from '../../../../src/windowing/operator/window-operator.js';
import { EventTimeTrigger } from '../../../../src/windowing/triggers/event-time-trigger.js';
import { PurgingTrigger } from '../../../../src/windowing/triggers/purging-trigger.js';
import type { Trigger } from '../../../../src/windowing/triggers/trigger.js';
import type { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { RecordingFunction, ScriptedAssigner, ScriptedTrigger, contractHarness, windows } from './contract-support.js';
import {
  byKey,
  el,
  expectOutput,
  expectSameOutputAcrossRestores,
  expectSide,
  rec,
  stateCounts,
  sumPairs,
  toWm,
  wm,
  type Pair,
} from './window-test-support.js';

// Flink's WindowOperatorTest.testLateness, testSideOutputDueToLateness{Tumbling,Sliding}, and
// WindowOperatorContractTest.testLateWindowDropping, testProcessingElementsWithinAllowedLateness,
// testLateSideOutput, testNoLateSideOutputForSkippedWindows.

const late = new OutputTag<Pair>('late-output');

function reducing(assigner: WindowAssigner<Pair, TimeWindow>, allowedLateness: number, trigger?: Trigger<Pair, TimeWindow>, tag = late) {
  return () =>
    windowOperatorHarness<Pair, Pair, string, TimeWindow>({
      keySelector: byKey,
      assigner,
      trigger,
      allowedLateness,
      lateDataTag: tag,
      reduce: sumPairs,
    });
}

describe('allowed lateness on tumbling windows (2 s, lateness 500)', () => {
  const steps = [
    el<Pair>(['key2', 1], 500),
    toWm<Pair>(1500),
    el<Pair>(['key2', 1], 1300),
    toWm<Pair>(2300),
    // within lateness (1999 + 500 > 2300): accepted, and the window fires again at once
    el<Pair>(['key2', 1], 1997),
    toWm<Pair>(6000),
    // past cleanup (1999 + 500 <= 6000): late
    el<Pair>(['key2', 1], 1998),
    toWm<Pair>(7000),
  ];
  const tumbling = TumblingEventTimeWindows.of(2_000) as WindowAssigner<Pair, TimeWindow>;

  it('with a purging trigger re-fires with only the elements since the last firing', () => {
    const out = expectSameOutputAcrossRestores(reducing(tumbling, 500, PurgingTrigger.of(EventTimeTrigger.create())), steps, late);
    expectOutput(out.main, [
      wm(1500),
      rec<Pair>(['key2', 2], 1999),
      wm(2300),
      rec<Pair>(['key2', 1], 1999),
      wm(6000),
      wm(7000),
    ]);
    expectSide(out.late, [{ value: ['key2', 1], timestamp: 1998 }]);
  });

  it('with an accumulating trigger re-fires with every element of the window', () => {
    const out = expectSameOutputAcrossRestores(reducing(tumbling, 500), steps, late);
    expectOutput(out.main, [
      wm(1500),
      rec<Pair>(['key2', 2], 1999),
      wm(2300),
      rec<Pair>(['key2', 3], 1999),
      wm(6000),
      wm(7000),
    ]);
    expectSide(out.late, [{ value: ['key2', 1], timestamp: 1998 }]);
  });

  it('counts dropped late elements when there is no late-data tag', () => {
    const create = () =>
      windowOperatorHarness<Pair, Pair, string, TimeWindow>({ keySelector: byKey, assigner: tumbling, allowedLateness: 500, reduce: sumPairs });
    const out = expectSameOutputAcrossRestores(create, steps);
    expect(out.lateDropped).toBe(1);
  });
});

describe('late elements with no allowed lateness', () => {
  it('tumbling: an element for a window the watermark passed goes to the late side output, with its timestamp', () => {
    const steps = [
      el<Pair>(['key2', 1], 1000),
      toWm<Pair>(1985),
      el<Pair>(['key2', 1], 1980),
      toWm<Pair>(1999),
      el<Pair>(['key2', 1], 1998),
      el<Pair>(['key2', 1], 2001),
      toWm<Pair>(2999),
      toWm<Pair>(3999),
    ];
    const out = expectSameOutputAcrossRestores(reducing(TumblingEventTimeWindows.of(2_000) as WindowAssigner<Pair, TimeWindow>, 0), steps, late);
    expectOutput(out.main, [wm(1985), rec<Pair>(['key2', 2], 1999), wm(1999), wm(2999), rec<Pair>(['key2', 1], 3999), wm(3999)]);
    expectSide(out.late, [{ value: ['key2', 1], timestamp: 1998 }]);
    expect(out.lateDropped).toBe(0);
  });

  it('sliding: an element late for one window but accepted by another is not late', () => {
    const steps = [
      el<Pair>(['key2', 1], 1000),
      toWm<Pair>(1999),
      el<Pair>(['key2', 1], 2000),
      toWm<Pair>(3000),
      el<Pair>(['key1', 1], 3001),
      // windows ending 2999 (late, dropped), 3999 and 4999 (kept)
      el<Pair>(['key2', 1], 2400),
      el<Pair>(['key2', 1], 2400),
      el<Pair>(['key1', 1], 3001),
      el<Pair>(['key2', 1], 3900),
      toWm<Pair>(6000),
      // late for every window
      el<Pair>(['key1', 1], 3001),
      toWm<Pair>(25000),
    ];
    const create = reducing(SlidingEventTimeWindows.of(3_000, 1_000) as WindowAssigner<Pair, TimeWindow>, 0);
    const out = expectSameOutputAcrossRestores(create, steps, late);
    expectOutput(out.main, [
      rec<Pair>(['key2', 1], 1999),
      wm(1999),
      rec<Pair>(['key2', 2], 2999),
      wm(3000),
      rec<Pair>(['key2', 5], 3999),
      rec<Pair>(['key1', 2], 3999),
      rec<Pair>(['key2', 4], 4999),
      rec<Pair>(['key1', 2], 4999),
      rec<Pair>(['key2', 1], 5999),
      rec<Pair>(['key1', 2], 5999),
      wm(6000),
      wm(25000),
    ]);
    expectSide(out.late, [{ value: ['key1', 1], timestamp: 3001 }]);
  });

  it('a window [0, 2000) is already late at watermark 1999', () => {
    const h = reducing(TumblingEventTimeWindows.of(2_000) as WindowAssigner<Pair, TimeWindow>, 0)();
    h.processWatermark(1999).processElement(['a', 1], 1500).processWatermark(5000);
    expectOutput(h.elements(), [wm(1999), wm(5000)]);
    expectSide(h.sideOutput(late), [{ value: ['a', 1], timestamp: 1500 }]);
  });
});

describe('late windows and late elements (contract)', () => {
  function setup(allowedLateness: number, tag?: OutputTag<number>) {
    const assigner = new ScriptedAssigner();
    assigner.windows = windows([0, 2]);
    const trigger = new ScriptedTrigger();
    trigger.onElementDo = () => 'FIRE';
    const fn = new RecordingFunction();
    return { assigner, trigger, fn, h: contractHarness({ assigner, trigger, fn, allowedLateness, lateDataTag: tag }) };
  }

  it('accepts an element for [0, 2) at watermark 20 with lateness 20: max timestamp 1 + 20 is not yet passed', () => {
    const { trigger, fn, h } = setup(20);
    h.processWatermark(20).processElement(0, 0);
    expect(fn.evaluations).toEqual([{ key: 0, window: windows([0, 2])[0], elements: [0] }]);
    expect(trigger.calls.clear).toEqual([]);
    expect(stateCounts(h)).toEqual({ entries: 1, eventTimers: 1, processingTimers: 0 });
  });

  it('drops the window [0, 2) at watermark 21 with lateness 20: no state, no timers, no output', () => {
    const { trigger, fn, h } = setup(20);
    h.processWatermark(21).processElement(0, 0);
    expect(trigger.calls.onElement).toEqual([]);
    expect(fn.evaluations).toEqual([]);
    expect(stateCounts(h)).toEqual({ entries: 0, eventTimers: 0, processingTimers: 0 });
    expect(h.metrics.counter(LATE_RECORDS_DROPPED).count).toBe(1);
  });

  it('sends late elements to the side output, also when the assigner gives no window', () => {
    const tag = new OutputTag<number>('late');
    const { assigner, h } = setup(0, tag);
    assigner.windows = windows([0, 0]);
    h.processWatermark(20).processElement(0, 5);
    expect(h.sideOutput(tag)).toEqual([{ value: 0, timestamp: 5 }]);
    assigner.windows = [];
    h.processElement(0, 10);
    expect(h.sideOutput(tag)).toEqual([
      { value: 0, timestamp: 5 },
      { value: 0, timestamp: 10 },
    ]);
  });

  it('does not side-output an element that got no window but is not late', () => {
    const tag = new OutputTag<number>('late');
    const { assigner, h } = setup(0, tag);
    assigner.windows = [];
    h.processWatermark(0).processElement(0, 5);
    expect(h.sideOutput(tag)).toEqual([]);
    expect(h.metrics.counter(LATE_RECORDS_DROPPED).count).toBe(0);
  });
});
