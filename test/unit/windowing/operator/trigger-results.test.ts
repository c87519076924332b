import { describe, expect, it } from 'vitest';
import { windowOperatorHarness } from '../../../../src/testing/window-operator-harness.js';
import type { TriggerContext } from '../../../../src/windowing/triggers/trigger.js';
import type { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import {
  RecordingFunction,
  ScriptedAssigner,
  ScriptedTrigger,
  TIME_DOMAINS,
  TRIGGER_STATE,
  contractHarness,
  windows,
} from './contract-support.js';
import { expectOutput, rec, stateCounts } from './window-test-support.js';

// Flink's WindowOperatorContractTest: what the operator does with each trigger result, on
// elements and on timers, in both time domains.

function setup(isEventTime = true) {
  const assigner = new ScriptedAssigner(isEventTime);
  const trigger = new ScriptedTrigger();
  const fn = new RecordingFunction<string>();
  const h = contractHarness({ assigner, trigger, fn });
  return { assigner, trigger, fn, h };
}

/** onElement that registers an event-time timer at the window end and writes trigger state. */
const registerAndAnswer = (result: 'CONTINUE' | 'FIRE' | 'FIRE_AND_PURGE' | 'PURGE') => (_e: number, _t: number, w: TimeWindow, ctx: TriggerContext) => {
  ctx.registerEventTimeTimer(w.end);
  ctx.getPartitionedState(TRIGGER_STATE).update('hello');
  return result;
};

describe('the window operator and its assigner', () => {
  it('asks the assigner once per element, with the element timestamp', () => {
    const { assigner, h } = setup();
    assigner.windows = windows([0, 0]);
    h.processElement(0, 0).processElement(0, 0);
    expect(assigner.calls).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('evaluates every window an element was assigned to', () => {
    const { assigner, trigger, fn, h } = setup();
    assigner.windows = windows([2, 4], [0, 2]);
    trigger.onElementDo = () => 'FIRE';
    h.processElement(0, 0);
    expect(fn.evaluations).toEqual([
      { key: 0, window: windows([2, 4])[0], elements: [0] },
      { key: 0, window: windows([0, 2])[0], elements: [0] },
    ]);
  });

  it('calls onElement once per assigned window', () => {
    const { assigner, trigger, h } = setup();
    assigner.windows = windows([2, 4], [0, 2]);
    h.processElement(42, 1);
    expect(trigger.calls.onElement).toEqual([
      [42, 1, windows([2, 4])[0]],
      [42, 1, windows([0, 2])[0]],
    ]);
  });

  it('keeps windows of different keys apart', () => {
    const { assigner, trigger, fn, h } = setup();
    assigner.windows = windows([0, 2]);
    h.processElement(0, 0);
    assigner.windows = windows([0, 1]);
    h.processElement(1, 0);
    expect(h.records()).toEqual([]);
    expect(stateCounts(h)).toMatchObject({ entries: 2, eventTimers: 2 });

    trigger.onElementDo = () => 'FIRE';
    h.processElement(1, 0);
    assigner.windows = windows([0, 2]);
    h.processElement(0, 0);
    expect(fn.evaluations).toEqual([
      { key: 1, window: windows([0, 1])[0], elements: [1, 1] },
      { key: 0, window: windows([0, 2])[0], elements: [0, 0] },
    ]);
  });

  it('stamps what the window function emits with the window max timestamp', () => {
    const { assigner, trigger, fn, h } = setup();
    assigner.windows = windows([0, 2]);
    trigger.onElementDo = () => 'FIRE';
    fn.onProcess = (_ctx, _elements, out) => {
      out.collect('Hallo');
      out.collect('Ciao');
    };
    h.processElement(0, 0);
    expectOutput(h.elements(), [rec('Hallo', 1), rec('Ciao', 1)]);
  });
});

describe('trigger results on elements', () => {
  it('CONTINUE keeps contents, trigger state and timers, and emits nothing', () => {
    const { assigner, trigger, fn, h } = setup();
    assigner.windows = windows([2, 4], [0, 2]);
    trigger.onElementDo = registerAndAnswer('CONTINUE');
    h.processElement(0, 0);
    expect(trigger.calls.clear).toEqual([]);
    expect(stateCounts(h)).toEqual({ entries: 4, eventTimers: 4, processingTimers: 0 });
    expect(fn.evaluations).toEqual([]);
  });

  it('FIRE evaluates each window and keeps its contents', () => {
    const { assigner, trigger, fn, h } = setup();
    assigner.windows = windows([2, 4], [0, 2]);
    trigger.onElementDo = registerAndAnswer('FIRE');
    h.processElement(0, 0);
    expect(fn.evaluations.map((e) => e.elements)).toEqual([[0], [0]]);
    expect(trigger.calls.clear).toEqual([]);
    expect(stateCounts(h)).toEqual({ entries: 4, eventTimers: 4, processingTimers: 0 });
  });

  it('FIRE with a reduce function evaluates the reduced contents and keeps them', () => {
    const { assigner, trigger } = setup();
    const h = contractHarnessReducing(assigner, trigger);
    assigner.windows = windows([2, 4], [0, 2]);
    h.processElement(1, 0).processElement(1, 0);
    trigger.onElementDo = registerAndAnswer('FIRE');
    h.processElement(1, 0);
    expectOutput(h.elements(), [rec(3, 3), rec(3, 1)]);
    expect(trigger.calls.clear).toEqual([]);
    expect(stateCounts(h)).toEqual({ entries: 4, eventTimers: 4, processingTimers: 0 });
  });

  it('FIRE_AND_PURGE evaluates, then clears the contents only: trigger state and timers stay', () => {
    const { assigner, trigger, fn, h } = setup();
    assigner.windows = windows([2, 4], [0, 2]);
    trigger.onElementDo = registerAndAnswer('FIRE_AND_PURGE');
    h.processElement(0, 0);
    expect(fn.evaluations.map((e) => e.elements)).toEqual([[0], [0]]);
    expect(trigger.calls.clear).toEqual([]);
    expect(stateCounts(h)).toEqual({ entries: 2, eventTimers: 4, processingTimers: 0 });
  });

  it('PURGE clears the contents without evaluating; trigger state and timers stay', () => {
    const { assigner, trigger, fn, h } = setup();
    assigner.windows = windows([2, 4], [0, 2]);
    trigger.onElementDo = (_e, _t, _w, ctx) => {
      ctx.registerEventTimeTimer(0);
      ctx.getPartitionedState(TRIGGER_STATE).update('hello');
      return 'PURGE';
    };
    h.processElement(0, 0);
    expect(fn.evaluations).toEqual([]);
    expect(trigger.calls.clear).toEqual([]);
    expect(stateCounts(h)).toEqual({ entries: 2, eventTimers: 4, processingTimers: 0 });
  });
});

for (const domain of TIME_DOMAINS) {
  describe(`trigger results on ${domain.name} timers`, () => {
    function withTimerAt(time: number, bounds: [number, number][]) {
      const s = setup(domain.isEventTime);
      s.assigner.windows = windows(...bounds);
      s.trigger.onElementDo = (_e, _t, _w, ctx) => {
        domain.register(ctx, time); // before the cleanup timers
        ctx.getPartitionedState(TRIGGER_STATE).update('hello');
        return 'CONTINUE';
      };
      s.h.processElement(0, 0);
      expect(stateCounts(s.h).entries).toBe(4);
      expect(domain.timers(s.h)).toBe(4);
      return s;
    }

    it('CONTINUE leaves contents and state; only the cleanup timers remain', () => {
      const { trigger, fn, h } = withTimerAt(0, [
        [2, 4],
        [0, 2],
      ]);
      domain.onTime(trigger, () => 'CONTINUE');
      domain.advance(h, 0);
      expect(stateCounts(h).entries).toBe(4);
      expect(domain.timers(h)).toBe(2);
      expect(fn.evaluations).toEqual([]);
    });

    it('FIRE evaluates each window and keeps contents', () => {
      const { trigger, fn, h } = withTimerAt(0, [
        [2, 4],
        [0, 2],
      ]);
      domain.onTime(trigger, () => 'FIRE');
      domain.advance(h, 0);
      expect(fn.evaluations.map((e) => [e.window.start, e.elements]).sort()).toEqual([
        [0, [0]],
        [2, [0]],
      ]);
      expect(trigger.calls.clear).toEqual([]);
      expect(stateCounts(h).entries).toBe(4);
      expect(domain.timers(h)).toBe(2);
    });

    it('FIRE_AND_PURGE evaluates, then clears the contents; trigger state and cleanup timers stay', () => {
      const { trigger, fn, h } = withTimerAt(0, [
        [2, 4],
        [0, 2],
      ]);
      domain.onTime(trigger, () => 'FIRE_AND_PURGE');
      domain.advance(h, 0);
      expect(fn.evaluations).toHaveLength(2);
      expect(trigger.calls.clear).toEqual([]);
      expect(stateCounts(h).entries).toBe(2);
      expect(domain.timers(h)).toBe(2);
    });

    it('PURGE clears the contents without evaluating', () => {
      const { trigger, fn, h } = withTimerAt(1, [
        [2, 4],
        [4, 6],
      ]);
      domain.onTime(trigger, () => 'PURGE');
      domain.advance(h, 1);
      expect(fn.evaluations).toEqual([]);
      expect(trigger.calls.clear).toEqual([]);
      expect(stateCounts(h).entries).toBe(2);
      expect(domain.timers(h)).toBe(2);
    });

    it('calls the trigger for a timer of a purged window, but never the function on empty contents', () => {
      const { assigner, trigger, fn, h } = setup(domain.isEventTime);
      assigner.windows = windows([2, 4]);
      trigger.onElementDo = (_e, _t, _w, ctx) => {
        domain.register(ctx, 0);
        return 'PURGE';
      };
      h.processElement(0, 0);
      expect(stateCounts(h).entries).toBe(0);
      expect(domain.timers(h)).toBe(2);
      domain.onTime(trigger, () => 'FIRE');
      domain.advance(h, 0);
      expect(domain.timerCalls(trigger)).toHaveLength(1);
      expect(fn.evaluations).toEqual([]);
      expect(domain.timers(h)).toBe(1);
    });

    it('stamps what the function emits on a timer with the window max timestamp', () => {
      const { assigner, trigger, fn, h } = setup(domain.isEventTime);
      assigner.windows = windows([0, 2]);
      fn.onProcess = (_ctx, _elements, out) => {
        out.collect('Hallo');
        out.collect('Ciao');
      };
      trigger.onElementDo = (_e, _t, _w, ctx) => {
        domain.register(ctx, 1);
        return 'CONTINUE';
      };
      h.processElement(0, 0);
      expect(h.records()).toEqual([]);
      domain.onTime(trigger, () => 'FIRE');
      domain.advance(h, 1);
      expect(fn.evaluations).toEqual([{ key: 0, window: windows([0, 2])[0], elements: [0] }]);
      expect(h.elements().filter((e) => e.kind === 'record')).toEqual([rec('Hallo', 1), rec('Ciao', 1)]);
    });
  });
}


function contractHarnessReducing(assigner: ScriptedAssigner, trigger: ScriptedTrigger) {
  return windowOperatorHarness<number, number, number, TimeWindow>({
    keySelector: (n: number) => n,
    assigner,
    trigger,
    reduce: (a, b) => a + b,
  });
}
