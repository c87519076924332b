import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { UnsupportedMergeError } from '../../../../src/windowing/operator/unsupported-merge-error.js';
import {
  RecordingFunction,
  ScriptedMergingAssigner,
  ScriptedTrigger,
  TIME_DOMAINS,
  TRIGGER_STATE,
  contractHarness,
  windows,
  type TimeDomain,
} from './contract-support.js';
import { stateCounts } from './window-test-support.js';

// Flink's WindowOperatorContractTest for merging assigners: the merging-window set, eager merges,
// which timers and state survive a merge, purge and cleanup, and rejected shrinking merges.

function setup(domain: TimeDomain, allowedLateness = 0) {
  const assigner = new ScriptedMergingAssigner(domain.isEventTime);
  const trigger = new ScriptedTrigger();
  const fn = new RecordingFunction();
  return { assigner, trigger, fn, h: contractHarness({ assigner, trigger, fn, allowedLateness }) };
}

/** Trigger that keeps a timer at 0 and some state for each window, and removes both on clear. */
function timerAndStateAtZero(domain: TimeDomain, trigger: ScriptedTrigger) {
  trigger.onElementDo = (_e, _t, _w, ctx) => {
    domain.register(ctx, 0);
    ctx.getPartitionedState(TRIGGER_STATE).update('hello');
    return 'CONTINUE';
  };
  trigger.onMergeDo = (_w, ctx) => {
    domain.register(ctx, 0);
    ctx.getPartitionedState(TRIGGER_STATE).update('hello');
  };
  trigger.clearDo = (_w, ctx) => {
    domain.delete(ctx, 0);
    ctx.getPartitionedState(TRIGGER_STATE).clear();
  };
}

describe('merging windows', () => {
  it('asks the assigner to merge after each window it adds', () => {
    const { assigner, h } = setup(TIME_DOMAINS[0]);
    assigner.windows = windows([2, 4], [0, 2]);
    h.processElement(0, 0);
    expect(assigner.mergeCalls).toEqual([windows([2, 4]), windows([2, 4], [0, 2])]);
  });

  it('keeps the merging-window set when onElement purges the contents', () => {
    const { assigner, trigger, h } = setup(TIME_DOMAINS[0]);
    assigner.windows = windows([0, 2]);
    trigger.onElementDo = () => 'PURGE';
    h.processElement(0, 0);
    expect(stateCounts(h)).toEqual({ entries: 1, eventTimers: 1, processingTimers: 0 });
    expect(h.elements()).toEqual([]);
  });

  it('rejects per-window state in the window function (it would not merge with the windows)', () => {
    const { assigner, trigger, fn, h } = setup(TIME_DOMAINS[0], 20);
    assigner.windows = windows([0, 20]);
    trigger.onElementDo = () => 'FIRE';
    fn.onProcess = (ctx) => ctx.windowState(TRIGGER_STATE).update('hello');
    expect(() => h.processElement(0, 0)).toThrow(/[Pp]er-window state/);
  });
});

for (const domain of TIME_DOMAINS) {
  describe(`merging windows in ${domain.name}`, () => {
    it('merges eagerly: the trigger gets onMerge for the result, merged-away windows lose their timers and state', () => {
      const { assigner, trigger, h } = setup(domain);
      timerAndStateAtZero(domain, trigger);
      assigner.windows = windows([0, 2]);
      h.processElement(0, 0);
      expect(stateCounts(h).entries).toBe(3); // contents, trigger state, merging-window set
      expect(domain.timers(h)).toBe(2); // trigger timer and cleanup timer
      assigner.windows = windows([2, 4]);
      assigner.merges = [{ group: windows([0, 2], [2, 4]), result: windows([0, 4])[0]! }];
      trigger.onElementDo = () => 'CONTINUE'; // onMerge alone must set up the merged window
      h.processElement(0, 0);
      expect(trigger.calls.onMerge).toEqual(windows([0, 4]));
      expect(stateCounts(h).entries).toBe(3);
      expect(domain.timers(h)).toBe(2);
    });

    it('keeps one state window when existing windows merge, deleting the cleanup timers of the others', () => {
      const { assigner, trigger, h } = setup(domain);
      timerAndStateAtZero(domain, trigger);
      assigner.windows = windows([0, 2]);
      h.processElement(0, 0);
      expect([stateCounts(h).entries, domain.timers(h)]).toEqual([3, 2]);
      assigner.windows = windows([2, 4]);
      h.processElement(0, 0);
      expect([stateCounts(h).entries, domain.timers(h)]).toEqual([5, 4]);
      assigner.windows = windows([1, 3]);
      assigner.merges = [{ group: windows([0, 2], [2, 4], [1, 3]), result: windows([0, 4])[0]! }];
      h.processElement(0, 0);
      expect([stateCounts(h).entries, domain.timers(h)]).toEqual([3, 2]);
      expect(h.records()).toEqual([]);
    });

    it('rejects a merge that would shrink a window below what time has passed', () => {
      const lateness = domain.isEventTime ? 10 : 0;
      const { assigner, h } = setup(domain, lateness);
      domain.advance(h, 0);
      assigner.windows = windows([0, 22]);
      h.processElement(0, 0);
      expect([stateCounts(h).entries, domain.timers(h)]).toEqual([2, 1]);
      domain.advance(h, 20);
      expect([stateCounts(h).entries, domain.timers(h)]).toEqual([2, 1]);
      // Just not late: max timestamp 20 - lateness + 1, plus lateness, is after 20.
      assigner.windows = windows([0, 25]);
      assigner.merges = [{ group: windows([0, 22], [0, 25]), result: windows([0, 20 - lateness + 2])[0]! }];
      h.processElement(0, 0);
      assigner.merges = [{ group: windows([0, 20 - lateness + 2], [0, 25]), result: windows([0, 20 - lateness + 1])[0]! }];
      let thrown: unknown;
      try {
        h.processElement(0, 0);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(UnsupportedMergeError);
      expect((thrown as UnsupportedMergeError).code).toBe(ErrorCodes.UNSUPPORTED_MERGE);
    });

    it('calls the trigger but not the function for a timer of a purged merging window', () => {
      const { assigner, trigger, fn, h } = setup(domain);
      assigner.windows = windows([2, 4]);
      trigger.onElementDo = (_e, _t, _w, ctx) => (domain.register(ctx, 0), 'PURGE');
      h.processElement(0, 0);
      expect(stateCounts(h).entries).toBe(1); // the merging-window set
      expect(domain.timers(h)).toBe(2);
      domain.advance(h, 0);
      expect(domain.timerCalls(trigger)).toHaveLength(1);
      expect(fn.evaluations).toEqual([]);
      expect(domain.timers(h)).toBe(1);
    });

    it('ignores a timer of a merging window that was already cleaned up', () => {
      const { assigner, trigger, fn, h } = setup(domain);
      assigner.windows = windows([2, 4]);
      trigger.onElementDo = (_e, _t, _w, ctx) => (domain.register(ctx, 10), 'CONTINUE'); // after cleanup
      h.processElement(0, 0);
      expect([stateCounts(h).entries, domain.timers(h)]).toEqual([2, 2]);
      domain.advance(h, 4);
      expect(trigger.calls.clear).toHaveLength(1);
      expect(stateCounts(h).entries).toBe(0);
      expect(domain.timers(h)).toBe(1); // the trigger did not delete its timer
      expect(domain.timerCalls(trigger)).toHaveLength(1);
      domain.advance(h, 10);
      expect(domain.timerCalls(trigger)).toHaveLength(1);
      expect(fn.evaluations).toEqual([]);
    });

    it('keeps the merging-window set when a timer purges the contents', () => {
      const { assigner, trigger, h } = setup(domain);
      assigner.windows = windows([0, 4]);
      trigger.onElementDo = (_e, _t, _w, ctx) => (domain.register(ctx, 1), 'CONTINUE');
      h.processElement(0, 0);
      domain.onTime(trigger, () => 'PURGE');
      expect([stateCounts(h).entries, domain.timers(h)]).toEqual([2, 2]);
      domain.advance(h, 1);
      expect([stateCounts(h).entries, domain.timers(h)]).toEqual([1, 1]);
      expect(h.records()).toEqual([]);
    });

    it('clears trigger state, timers and the merging-window set at cleanup, also after a purge', () => {
      const { assigner, trigger, h } = setup(domain, 20);
      assigner.windows = windows([0, 20]);
      trigger.onElementDo = (_e, _t, _w, ctx) => {
        domain.register(ctx, 1000);
        ctx.getPartitionedState(TRIGGER_STATE).update('hello');
        return 'PURGE';
      };
      trigger.clearDo = (_w, ctx) => {
        domain.delete(ctx, 1000);
        ctx.getPartitionedState(TRIGGER_STATE).clear();
      };
      h.processElement(0, 0);
      expect(trigger.calls.clear).toEqual([]);
      expect([stateCounts(h).entries, domain.timers(h), domain.otherTimers(h)]).toEqual([2, 2, 0]);
      domain.advance(h, 19 + 20);
      expect(trigger.calls.clear).toHaveLength(1);
      expect(stateCounts(h)).toEqual({ entries: 0, eventTimers: 0, processingTimers: 0 });
    });

    it('clears the merging-window set at cleanup', () => {
      const { assigner, h } = setup(domain, 20);
      assigner.windows = windows([0, 20]);
      h.processElement(0, 0);
      expect([stateCounts(h).entries, domain.timers(h)]).toEqual([2, 1]);
      domain.advance(h, 19 + 20);
      expect([stateCounts(h).entries, domain.timers(h)]).toEqual([0, 0]);
    });
  });
}

describe('merging windows across a snapshot', () => {
  it('restores contents, trigger state, timers and the merging-window set into a new instance', () => {
    const { assigner, trigger, h } = setup(TIME_DOMAINS[0]);
    assigner.windows = windows([2, 4], [0, 2]);
    trigger.onElementDo = (_e, _t, _w, ctx) => {
      ctx.registerEventTimeTimer(0);
      ctx.getPartitionedState(TRIGGER_STATE).update('hello');
      return 'CONTINUE';
    };
    trigger.onEventTimeDo = () => 'FIRE_AND_PURGE';
    h.processElement(0, 0);
    expect(stateCounts(h)).toEqual({ entries: 5, eventTimers: 4, processingTimers: 0 });
    const snapshot = h.snapshot();
    h.close();

    const restoredTrigger = new ScriptedTrigger();
    restoredTrigger.clearDo = (_w, ctx) => {
      ctx.deleteEventTimeTimer(0);
      ctx.getPartitionedState(TRIGGER_STATE).clear();
    };
    restoredTrigger.onEventTimeDo = (time) => (time === 0 ? 'FIRE' : 'CONTINUE');
    const fn = new RecordingFunction();
    const restored = contractHarness({ assigner: new ScriptedMergingAssigner(), trigger: restoredTrigger, fn, restoreFrom: snapshot });
    expect(restored.records()).toEqual([]);
    expect(stateCounts(restored)).toEqual({ entries: 5, eventTimers: 4, processingTimers: 0 });
    expect(restoredTrigger.calls.clear).toEqual([]);

    restored.processWatermark(20);
    expect(restoredTrigger.calls.clear).toHaveLength(2);
    expect(fn.evaluations.map((e) => [e.window.start, e.elements]).sort()).toEqual([
      [0, [0]],
      [2, [0]],
    ]);
    // called for the cleanup timers too
    expect(restoredTrigger.calls.onEventTime.map(([t, w]) => `${t}@${w.start}`).sort()).toEqual(['0@0', '0@2', '1@0', '3@2']);
    expect(stateCounts(restored)).toEqual({ entries: 0, eventTimers: 0, processingTimers: 0 });
  });
});
