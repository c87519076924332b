import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { ContinuousProcessingTimeTrigger } from '../../../../src/windowing/triggers/continuous-processing-time-trigger.js';
import { GlobalWindow } from '../../../../src/windowing/windows/global-window.js';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { TriggerTestContext } from '../../../support/trigger-test-context.js';

const harness = (interval: number, processingTime = 0) =>
  new TriggerTestContext(ContinuousProcessingTimeTrigger.of<TimeWindow>(interval), {
    namespaces: TimeWindow.namespaces,
    processingTime,
  });

describe('ContinuousProcessingTimeTrigger', () => {
  // The trigger-level facts of Flink's ContinuousProcessingTimeTriggerTest.testWindowFiring (interval 5, windows of 10).
  it('fires every interval of processing time, aligned to it, and once more at the window end', () => {
    const h = harness(5);
    const first = new TimeWindow(0, 10);
    expect(ContinuousProcessingTimeTrigger.of(5).canMerge()).toBe(true);
    expect(h.processElement(1, 0, first)).toBe('CONTINUE');
    expect(h.processingTimeTimers(first)).toEqual([5]);
    h.setProcessingTime(2);
    expect(h.processElement(2, 0, first)).toBe('CONTINUE');
    expect(h.processingTimeTimers(first)).toEqual([5]);

    expect(h.setProcessingTime(5)).toEqual([{ window: first, time: 5, result: 'FIRE' }]);
    // min(5 + 5, max timestamp 9): the window's end.
    expect(h.processingTimeTimers(first)).toEqual([9]);
    h.setProcessingTime(7);
    h.processElement(3, 0, first);
    expect(h.setProcessingTime(9)).toEqual([{ window: first, time: 9, result: 'FIRE' }]);
    expect(h.numProcessingTimeTimers()).toBe(0);

    const second = new TimeWindow(10, 20);
    h.setProcessingTime(10);
    h.processElement(3, 0, second);
    expect(h.setProcessingTime(15)).toEqual([{ window: second, time: 15, result: 'FIRE' }]);
    h.setProcessingTime(18);
    h.processElement(3, 0, second);
    expect(h.setProcessingTime(20)).toEqual([{ window: second, time: 19, result: 'FIRE' }]);
  });

  it('ignores element timestamps and the watermark', () => {
    const h = harness(100, 1234);
    const window = new TimeWindow(0, 10_000);
    h.processElement('a', 9_000, window);
    expect(h.processingTimeTimers(window)).toEqual([1300]);
    expect(h.advanceWatermark(20_000)).toEqual([]);
    expect(h.invokeOnEventTime(9999, window)).toBe('CONTINUE');
  });

  it('schedules nothing after the end fire, even for later elements', () => {
    const h = harness(5);
    const window = new TimeWindow(0, 10);
    h.processElement('a', 0, window);
    h.setProcessingTime(9);
    h.setProcessingTime(12);
    expect(h.processElement('b', 0, window)).toBe('CONTINUE');
    expect(h.numProcessingTimeTimers()).toBe(0);
    expect(h.setProcessingTime(100)).toEqual([]);
  });

  it('fires an event-time window whose end processing time has passed once, instead of looping (FLINK-35069)', () => {
    const h = harness(5, 1000);
    const window = new TimeWindow(0, 10);
    expect(h.processElement('a', 3, window)).toBe('CONTINUE');
    expect(h.processingTimeTimers(window)).toEqual([9]);
    expect(h.setProcessingTime(1000)).toEqual([{ window, time: 9, result: 'FIRE' }]);
    expect(h.setProcessingTime(2000)).toEqual([]);
    expect(h.numProcessingTimeTimers()).toBe(0);
  });

  it('answers CONTINUE to processing-time timers it did not set (e.g. cleanup of a window without state)', () => {
    const h = harness(5);
    const window = new TimeWindow(0, 10);
    h.contextFor(window).registerProcessingTimeTimer(9);
    expect(h.setProcessingTime(9)).toEqual([{ window, time: 9, result: 'CONTINUE' }]);
  });

  it('clear() deletes the pending timer and state of its own window only', () => {
    const h = harness(5);
    const a = new TimeWindow(0, 10);
    const b = new TimeWindow(0, 20);
    h.processElement('a', 0, a);
    h.processElement('b', 0, b);
    expect(h.numStateEntries()).toBe(2);

    h.clearTriggerState(a);
    expect(h.numStateEntries()).toBe(1);
    expect(h.numProcessingTimeTimers(a)).toBe(0);
    expect(h.processingTimeTimers(b)).toEqual([5]);
    h.clearTriggerState(b);
    expect(h.numStateEntries()).toBe(0);
    expect(h.numProcessingTimeTimers()).toBe(0);
  });

  // The trigger-level facts of Flink's ContinuousProcessingTimeTriggerTest.testMergingWindows (sessions, gap 10).
  it('on merge keeps the earliest fire time; the merged window fires on it, then every interval, then at its end', () => {
    const h = harness(5);
    const a = new TimeWindow(0, 10);
    const b = new TimeWindow(2, 12);
    const merged = new TimeWindow(0, 12);
    h.processElement(1, 0, a);
    h.setProcessingTime(2);
    h.mergeWindows(merged, [a, b]);
    expect(h.processElement(2, 0, merged)).toBe('CONTINUE');
    expect(h.processingTimeTimers(merged)).toEqual([5]);
    expect(h.numStateEntries()).toBe(1);

    expect(h.setProcessingTime(5)).toEqual([
      { window: a, time: 5, result: 'CONTINUE' },
      { window: merged, time: 5, result: 'FIRE' },
    ]);
    expect(h.setProcessingTime(9)).toEqual([]);
    expect(h.setProcessingTime(10)).toEqual([{ window: merged, time: 10, result: 'FIRE' }]);
    expect(h.setProcessingTime(15)).toEqual([{ window: merged, time: 11, result: 'FIRE' }]);
    expect(h.setProcessingTime(100)).toEqual([]);
  });

  it('fires forever on the global window, every interval', () => {
    const h = new TriggerTestContext(ContinuousProcessingTimeTrigger.of(100), {
      namespaces: GlobalWindow.namespaces,
      processingTime: 50,
    });
    h.processElement('a', 0, GlobalWindow.INSTANCE);
    expect(h.setProcessingTime(350).map((f) => [f.time, f.result])).toEqual([
      [100, 'FIRE'],
      [200, 'FIRE'],
      [300, 'FIRE'],
    ]);
    expect(h.processingTimeTimers(GlobalWindow.INSTANCE)).toEqual([400]);
  });

  it('restores its pending fire time and timer from a snapshot', () => {
    const before = harness(5);
    const window = new TimeWindow(0, 10);
    before.processElement('a', 0, window);

    const after = new TriggerTestContext(ContinuousProcessingTimeTrigger.of<TimeWindow>(5), {
      namespaces: TimeWindow.namespaces,
      restoreFrom: before.snapshot(),
    });
    expect(after.processingTimeTimers(window)).toEqual([5]);
    expect(after.setProcessingTime(5)).toEqual([{ window, time: 5, result: 'FIRE' }]);
    expect(after.processingTimeTimers(window)).toEqual([9]);
  });

  it('rejects an interval that is not a positive integer, naming the value', () => {
    for (const bad of [0, -1, 2.5, Number.POSITIVE_INFINITY, null]) {
      expect(() => ContinuousProcessingTimeTrigger.of(bad as number)).toThrow(ConfigError);
    }
    expect(() => ContinuousProcessingTimeTrigger.of(0)).toThrow(
      expect.objectContaining({ code: ErrorCodes.INVALID_DURATION, message: expect.stringContaining('got 0') }),
    );
    expect(String(ContinuousProcessingTimeTrigger.of(10))).toBe('ContinuousProcessingTimeTrigger(10)');
  });
});
