import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { CountTrigger } from '../../../../src/windowing/triggers/count-trigger.js';
import { GlobalWindow } from '../../../../src/windowing/windows/global-window.js';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { TriggerTestContext } from '../../../support/trigger-test-context.js';

// Ported from Flink's CountTriggerTest (count 3).
const w0 = new TimeWindow(0, 2);
const w2 = new TimeWindow(2, 4);
const w4 = new TimeWindow(4, 6);
const harness = () => new TriggerTestContext(CountTrigger.of<TimeWindow>(3), { namespaces: TimeWindow.namespaces });

describe('CountTrigger', () => {
  it('fires the third element of each window, clears its count then, and registers no timers', () => {
    const h = harness();
    expect(h.processElement('a', 0, w0)).toBe('CONTINUE');
    expect(h.processElement('a', 0, w2)).toBe('CONTINUE');
    expect(h.numEventTimeTimers() + h.numProcessingTimeTimers()).toBe(0);
    expect(h.numStateEntries(w0)).toBe(1);
    expect(h.numStateEntries(w2)).toBe(1);

    expect(h.processElement('a', 0, w0)).toBe('CONTINUE');
    expect(h.processElement('a', 0, w0)).toBe('FIRE');
    expect(h.processElement('a', 0, w2)).toBe('CONTINUE');
    expect(h.numStateEntries(w0)).toBe(0);
    expect(h.numStateEntries(w2)).toBe(1);

    expect(h.processElement('a', 0, w2)).toBe('FIRE');
    expect(h.numStateEntries()).toBe(0);
  });

  it('fires again after another full count (FIRE, never FIRE_AND_PURGE)', () => {
    const h = new TriggerTestContext(CountTrigger.of(2), { namespaces: GlobalWindow.namespaces });
    const results = [1, 2, 3, 4, 5].map((n) => h.processElement(n, 0, GlobalWindow.INSTANCE));
    expect(results).toEqual(['CONTINUE', 'FIRE', 'CONTINUE', 'FIRE', 'CONTINUE']);
  });

  it('fires every element with a count of 1', () => {
    const h = new TriggerTestContext(CountTrigger.of(1), { namespaces: GlobalWindow.namespaces });
    expect(h.processElement('a', 0, GlobalWindow.INSTANCE)).toBe('FIRE');
    expect(h.processElement('b', 0, GlobalWindow.INSTANCE)).toBe('FIRE');
    expect(h.numStateEntries()).toBe(0);
  });

  it('answers CONTINUE to timers', () => {
    const h = harness();
    expect(h.invokeOnEventTime(1, w0)).toBe('CONTINUE');
    h.contextFor(w0).registerProcessingTimeTimer(1);
    expect(h.setProcessingTime(1)).toEqual([{ window: w0, time: 1, result: 'CONTINUE' }]);
  });

  it('clear() removes only the count of its own window', () => {
    const h = harness();
    h.processElement('a', 0, w0);
    h.processElement('a', 0, w2);

    h.clearTriggerState(w2);
    expect(h.numStateEntries(w0)).toBe(1);
    expect(h.numStateEntries(w2)).toBe(0);

    h.clearTriggerState(w0);
    expect(h.numStateEntries()).toBe(0);
  });

  it('sums the counts of merged windows into the merged window', () => {
    const h = harness();
    expect(CountTrigger.of(3).canMerge()).toBe(true);
    for (const window of [w0, w2, w4]) expect(h.processElement('a', 0, window)).toBe('CONTINUE');

    h.mergeWindows(new TimeWindow(0, 4), [w0, w2]);
    expect(h.numStateEntries()).toBe(2);
    expect(h.numStateEntries(w0)).toBe(0);
    expect(h.numStateEntries(w2)).toBe(0);
    expect(h.numStateEntries(new TimeWindow(0, 4))).toBe(1);

    // 1 + 1 merged, so the next element is the third.
    expect(h.processElement('a', 0, new TimeWindow(0, 4))).toBe('FIRE');
    expect(h.numStateEntries(new TimeWindow(0, 4))).toBe(0);

    expect(h.processElement('a', 0, w4)).toBe('CONTINUE');
    expect(h.processElement('a', 0, w4)).toBe('FIRE');
    expect(h.numStateEntries()).toBe(0);
  });

  it('merges into a window that subsumes the merged ones', () => {
    const h = harness();
    h.processElement('a', 0, w2);
    h.processElement('a', 0, w4);

    h.mergeWindows(new TimeWindow(0, 8), [w2, w4]);
    expect(h.numStateEntries()).toBe(1);
    expect(h.numStateEntries(new TimeWindow(0, 8))).toBe(1);

    expect(h.processElement('a', 0, new TimeWindow(0, 8))).toBe('FIRE');
    expect(h.numStateEntries()).toBe(0);
  });

  it('keeps merged counts that add up past the limit until the next element (sessions 3 + 3, then +1 fires)', () => {
    const h = new TriggerTestContext(CountTrigger.of<TimeWindow>(4), { namespaces: TimeWindow.namespaces });
    for (let i = 0; i < 3; i++) h.processElement('a', 0, w0);
    for (let i = 0; i < 3; i++) h.processElement('a', 0, w4);
    h.mergeWindows(new TimeWindow(0, 6), [w0, w4]);
    expect(h.processElement('a', 0, new TimeWindow(0, 6))).toBe('FIRE');
  });

  it('restores its counts from a snapshot: a fresh instance continues where the old one stopped', () => {
    const before = harness();
    before.processElement('a', 0, w0);
    before.processElement('a', 0, w0);
    before.processElement('a', 0, w2);

    const after = new TriggerTestContext(CountTrigger.of<TimeWindow>(3), {
      namespaces: TimeWindow.namespaces,
      restoreFrom: before.snapshot(),
    });
    expect(after.numStateEntries()).toBe(2);
    expect(after.processElement('a', 0, w0)).toBe('FIRE');
    expect(after.processElement('a', 0, w2)).toBe('CONTINUE');
    expect(after.processElement('a', 0, w2)).toBe('FIRE');
  });

  it('rejects a count that is not a positive integer, naming the value', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity, '3', undefined]) {
      const error = (() => {
        try {
          CountTrigger.of(bad as number);
        } catch (e) {
          return e as ConfigError;
        }
        throw new Error('expected a throw');
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.code).toBe(ErrorCodes.INVALID_ARGUMENT);
      expect(error.message).toContain('CountTrigger.of(maxCount)');
    }
    expect(() => CountTrigger.of(0)).toThrow(/got 0/);
    expect(String(CountTrigger.of(3))).toBe('CountTrigger(3)');
  });
});
