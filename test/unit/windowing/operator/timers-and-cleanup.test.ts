import { describe, expect, it } from 'vitest';
import { MAX_TIMESTAMP } from '../../../../src/time/time-types.js';
import type { WindowAssigner } from '../../../../src/windowing/assigners/window-assigner.js';
import { GlobalWindow } from '../../../../src/windowing/windows/global-window.js';
import {
  RecordingFunction,
  ScriptedAssigner,
  ScriptedTrigger,
  TIME_DOMAINS,
  TRIGGER_STATE,
  contractHarness,
  windows,
} from './contract-support.js';
import { stateCounts } from './window-test-support.js';

// Flink's WindowOperatorContractTest: trigger timers, cleanup (garbage collection) timers and
// what cleanup removes, in both time domains.

for (const domain of TIME_DOMAINS) {
  describe(`${domain.name} timers of triggers`, () => {
    function setup(bounds: [number, number], allowedLateness = 0) {
      const assigner = new ScriptedAssigner(domain.isEventTime);
      assigner.windows = windows(bounds);
      const trigger = new ScriptedTrigger();
      const fn = new RecordingFunction();
      return { assigner, trigger, fn, h: contractHarness({ assigner, trigger, fn, allowedLateness }) };
    }
    const registering = (trigger: ScriptedTrigger, time: number) =>
      (trigger.onElementDo = (_e, _t, _w, ctx) => (domain.register(ctx, time), 'CONTINUE'));
    const deleting = (trigger: ScriptedTrigger, time: number) =>
      (trigger.onElementDo = (_e, _t, _w, ctx) => (domain.delete(ctx, time), 'CONTINUE'));

    it('registers and deletes timers per window, next to the window cleanup timer', () => {
      const { trigger, h } = setup([0, 2]);
      expect(domain.timers(h)).toBe(0);
      registering(trigger, 17);
      h.processElement(0, 0);
      expect(domain.timers(h)).toBe(2);
      registering(trigger, 42);
      h.processElement(0, 0);
      expect(domain.timers(h)).toBe(3);
      deleting(trigger, 42);
      h.processElement(0, 0);
      deleting(trigger, 17);
      h.processElement(0, 0);
      expect(domain.timers(h)).toBe(1);
    });

    it('fires due timers with their time and window, and only those', () => {
      const { trigger, h } = setup([0, 100]);
      for (const time of [1, 17, 42]) {
        registering(trigger, time);
        h.processElement(0, 0);
      }
      expect(domain.timers(h)).toBe(4);
      domain.advance(h, 1);
      expect(domain.timerCalls(trigger)).toEqual([[1, windows([0, 100])[0]]]);
      expect(domain.timers(h)).toBe(3);
      domain.advance(h, 15);
      expect(domain.timerCalls(trigger)).toHaveLength(1);
      domain.advance(h, 42);
      expect(domain.timerCalls(trigger).map(([time]) => time)).toEqual([1, 17, 42]);
      expect(domain.timers(h)).toBe(1);
    });

    it('does not fire a deleted timer', () => {
      const { trigger, h } = setup([0, 100]);
      registering(trigger, 1);
      h.processElement(0, 0);
      expect(domain.timers(h)).toBe(2);
      deleting(trigger, 1);
      h.processElement(0, 0);
      expect(domain.timers(h)).toBe(1);
      registering(trigger, 2);
      h.processElement(0, 0);
      domain.advance(h, 50);
      expect(domain.timerCalls(trigger)).toEqual([[2, windows([0, 100])[0]]]);
      expect(domain.timers(h)).toBe(1);
    });
  });

  describe(`${domain.name} cleanup of windows`, () => {
    // Allowed lateness only exists in event time; processing-time windows are cleaned up at their max timestamp.
    const lateness = domain.isEventTime ? 20 : 0;

    function setup(bounds: [number, number], allowedLateness: number) {
      const assigner = new ScriptedAssigner(domain.isEventTime);
      assigner.windows = windows(bounds);
      const trigger = new ScriptedTrigger();
      const fn = new RecordingFunction();
      return { assigner, trigger, fn, h: contractHarness({ assigner, trigger, fn, allowedLateness }) };
    }

    it('registers one cleanup timer at max timestamp + lateness; the trigger may still fire on it', () => {
      const { trigger, fn, h } = setup([0, 20], lateness);
      h.processElement(0, 0);
      expect(stateCounts(h).entries).toBe(1);
      expect(domain.timers(h)).toBe(1);
      expect(domain.otherTimers(h)).toBe(0);
      expect(trigger.calls.clear).toEqual([]);
      domain.onTime(trigger, () => 'FIRE');
      domain.advance(h, 19 + lateness);
      expect(domain.timerCalls(trigger)).toEqual([[19 + lateness, windows([0, 20])[0]]]);
      expect(fn.evaluations).toEqual([{ key: 0, window: windows([0, 20])[0], elements: [0] }]);
      expect(trigger.calls.clear).toEqual(windows([0, 20]));
      expect(domain.timers(h)).toBe(0);
      expect(domain.otherTimers(h)).toBe(0);
    });

    it('fires a trigger timer that coincides with the cleanup timer once, then cleans up', () => {
      const { trigger, h } = setup([0, 20], 0);
      trigger.onElementDo = (_e, _t, _w, ctx) => (domain.register(ctx, 19), 'CONTINUE');
      h.processElement(0, 0);
      expect(domain.timers(h)).toBe(1);
      domain.advance(h, 19);
      expect(domain.timerCalls(trigger)).toHaveLength(1);
      expect(trigger.calls.clear).toHaveLength(1);
      expect(domain.timers(h)).toBe(0);
      expect(domain.otherTimers(h)).toBe(0);
    });

    for (const purge of [false, true]) {
      it(`clears contents, trigger state and timers at cleanup time${purge ? ', also after a purge' : ''}`, () => {
        const { trigger, h } = setup([0, 20], 20);
        trigger.onElementDo = (_e, _t, _w, ctx) => {
          domain.register(ctx, 1000); // far after cleanup
          ctx.getPartitionedState(TRIGGER_STATE).update('hello');
          return purge ? 'PURGE' : 'CONTINUE';
        };
        trigger.clearDo = (_w, ctx) => {
          domain.delete(ctx, 1000);
          ctx.getPartitionedState(TRIGGER_STATE).clear();
        };
        h.processElement(0, 0);
        expect(trigger.calls.clear).toEqual([]);
        expect(stateCounts(h).entries).toBe(purge ? 1 : 2);
        expect(domain.timers(h)).toBe(2);
        domain.advance(h, 19 + 20);
        expect(trigger.calls.clear).toHaveLength(1);
        expect(stateCounts(h)).toEqual({ entries: 0, eventTimers: 0, processingTimers: 0 });
      });
    }

    it('registers no cleanup timer for the global window', () => {
      const assigner: WindowAssigner<number, GlobalWindow> = {
        isEventTime: domain.isEventTime,
        namespaces: GlobalWindow.namespaces,
        assignWindows: () => [GlobalWindow.INSTANCE],
        defaultTrigger: () => new ScriptedTrigger<GlobalWindow>(),
      };
      const h = contractHarness({ assigner, trigger: new ScriptedTrigger<GlobalWindow>(), fn: new RecordingFunction<never, GlobalWindow>() });
      h.processElement(0, 0);
      expect(stateCounts(h)).toEqual({ entries: 1, eventTimers: 0, processingTimers: 0 });
    });
  });
}

describe('cleanup at the end of time', () => {
  it('registers no event-time cleanup timer when max timestamp + lateness passes the end of time', () => {
    const assigner = new ScriptedAssigner(true);
    assigner.windows = windows([0, MAX_TIMESTAMP - 10]);
    const h = contractHarness({ assigner, trigger: new ScriptedTrigger(), fn: new RecordingFunction(), allowedLateness: 20 });
    h.processElement(0, 0);
    expect(stateCounts(h)).toEqual({ entries: 1, eventTimers: 0, processingTimers: 0 });
  });

  it('cleans processing-time windows up at their max timestamp, ignoring allowed lateness', () => {
    const assigner = new ScriptedAssigner(false);
    assigner.windows = windows([0, MAX_TIMESTAMP - 10]);
    const trigger = new ScriptedTrigger();
    const h = contractHarness({ assigner, trigger, fn: new RecordingFunction(), allowedLateness: 20 });
    h.processElement(0, 0);
    expect(stateCounts(h)).toEqual({ entries: 1, eventTimers: 0, processingTimers: 1 });
    expect(trigger.calls.clear).toEqual([]);
    h.setProcessingTime(MAX_TIMESTAMP - 10);
    expect(trigger.calls.clear).toHaveLength(1);
    expect(stateCounts(h)).toEqual({ entries: 0, eventTimers: 0, processingTimers: 0 });
  });
});
