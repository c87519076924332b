import { describe, expect, it } from 'vitest';
import { ProcessingTimeTrigger } from '../../../../src/windowing/triggers/processing-time-trigger.js';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { TriggerTestContext } from '../../../support/trigger-test-context.js';

// Ported from Flink's ProcessingTimeTriggerTest; windows [0,2) and [2,4) have max timestamps 1 and 3.
const w0 = new TimeWindow(0, 2);
const w2 = new TimeWindow(2, 4);
const harness = () => new TriggerTestContext(ProcessingTimeTrigger.create(), { namespaces: TimeWindow.namespaces });

describe('ProcessingTimeTrigger', () => {
  it('registers one processing-time timer per window at its max timestamp and fires when processing time reaches it', () => {
    const h = harness();
    for (const window of [w0, w0, w0, w2, w2]) expect(h.processElement('a', 0, window)).toBe('CONTINUE');

    expect(h.numStateEntries()).toBe(0);
    expect(h.numEventTimeTimers()).toBe(0);
    expect(h.processingTimeTimers(w0)).toEqual([1]);
    expect(h.processingTimeTimers(w2)).toEqual([3]);

    expect(h.setProcessingTime(2)).toEqual([{ window: w0, time: 1, result: 'FIRE' }]);
    expect(h.numProcessingTimeTimers(w0)).toBe(0);
    expect(h.numProcessingTimeTimers(w2)).toBe(1);

    expect(h.setProcessingTime(4)).toEqual([{ window: w2, time: 3, result: 'FIRE' }]);
    expect(h.numProcessingTimeTimers()).toBe(0);
  });

  it('ignores the watermark', () => {
    const h = harness();
    h.processElement('a', 0, w0);
    expect(h.advanceWatermark(100)).toEqual([]);
    expect(h.invokeOnEventTime(1, w0)).toBe('CONTINUE');
  });

  it('still registers (and later fires) a timer for a window whose end processing time has passed', () => {
    const h = new TriggerTestContext(ProcessingTimeTrigger.create(), { namespaces: TimeWindow.namespaces, processingTime: 10 });
    expect(h.processElement('a', 0, w0)).toBe('CONTINUE');
    expect(h.setProcessingTime(10)).toEqual([{ window: w0, time: 1, result: 'FIRE' }]);
  });

  it('clear() deletes only the timer of its own window', () => {
    const h = harness();
    h.processElement('a', 0, w0);
    h.processElement('a', 0, w2);

    h.clearTriggerState(w2);
    expect(h.numProcessingTimeTimers(w0)).toBe(1);
    expect(h.numProcessingTimeTimers(w2)).toBe(0);

    h.clearTriggerState(w0);
    expect(h.numProcessingTimeTimers()).toBe(0);
    expect(h.setProcessingTime(10)).toEqual([]);
  });

  it('on merge registers the timer of the merged window, and the merged-away windows lose theirs', () => {
    const h = harness();
    expect(ProcessingTimeTrigger.create().canMerge()).toBe(true);
    h.processElement('a', 0, w0);
    h.processElement('a', 0, w2);

    h.mergeWindows(new TimeWindow(0, 4), [w0, w2]);
    expect(h.numProcessingTimeTimers()).toBe(1);
    expect(h.processingTimeTimers(new TimeWindow(0, 4))).toEqual([3]);

    expect(h.setProcessingTime(4)).toEqual([{ window: new TimeWindow(0, 4), time: 3, result: 'FIRE' }]);
    expect(h.numProcessingTimeTimers()).toBe(0);
  });

  it('registers no timer when merging into a window processing time has passed (it would fire twice)', () => {
    const h = harness();
    h.processElement('a', 0, w0);
    h.processElement('a', 0, w2);
    h.setProcessingTime(10);
    expect(h.numProcessingTimeTimers()).toBe(0);

    h.mergeWindows(new TimeWindow(0, 4), [w0, w2]);
    expect(h.numProcessingTimeTimers()).toBe(0);
  });
});
