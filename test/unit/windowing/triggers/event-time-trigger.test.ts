import { describe, expect, it } from 'vitest';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { EventTimeTrigger } from '../../../../src/windowing/triggers/event-time-trigger.js';
import { TriggerTestContext } from '../../../support/trigger-test-context.js';

// Ported from Flink's EventTimeTriggerTest; windows [0,2) and [2,4) have max timestamps 1 and 3.
const w0 = new TimeWindow(0, 2);
const w2 = new TimeWindow(2, 4);
const harness = () => new TriggerTestContext(EventTimeTrigger.create(), { namespaces: TimeWindow.namespaces });

describe('EventTimeTrigger', () => {
  it('registers one timer per window at its max timestamp and fires each window when the watermark reaches it', () => {
    const h = harness();
    for (const window of [w0, w0, w0, w2, w2]) expect(h.processElement('a', 0, window)).toBe('CONTINUE');

    expect(h.numStateEntries()).toBe(0);
    expect(h.numProcessingTimeTimers()).toBe(0);
    expect(h.numEventTimeTimers()).toBe(2);
    expect(h.eventTimeTimers(w0)).toEqual([1]);
    expect(h.eventTimeTimers(w2)).toEqual([3]);

    expect(h.advanceWatermark(0)).toEqual([]);
    expect(h.advanceWatermark(2)).toEqual([{ window: w0, time: 1, result: 'FIRE' }]);
    expect(h.numEventTimeTimers(w0)).toBe(0);
    expect(h.numEventTimeTimers(w2)).toBe(1);

    expect(h.advanceWatermark(4)).toEqual([{ window: w2, time: 3, result: 'FIRE' }]);
    expect(h.numEventTimeTimers()).toBe(0);
    expect(h.numStateEntries()).toBe(0);
  });

  it('fires a window when the watermark equals its max timestamp (end - 1)', () => {
    const h = harness();
    h.processElement('a', 0, new TimeWindow(-2000, 1000));
    expect(h.advanceWatermark(998)).toEqual([]);
    expect(h.advanceWatermark(999)).toEqual([{ window: new TimeWindow(-2000, 1000), time: 999, result: 'FIRE' }]);
  });

  it('fires an element of a window the watermark has passed at once and registers no timer', () => {
    const h = harness();
    h.advanceWatermark(2);
    expect(h.processElement('a', 0, w0)).toBe('FIRE');
    expect(h.numEventTimeTimers()).toBe(0);
    expect(h.numStateEntries()).toBe(0);
  });

  it('answers CONTINUE to timers other than the max timestamp and to processing time', () => {
    const h = harness();
    expect(h.invokeOnEventTime(0, w0)).toBe('CONTINUE');
    expect(h.invokeOnEventTime(20, w0)).toBe('CONTINUE');
    expect(h.invokeOnEventTime(1, w0)).toBe('FIRE');
    h.contextFor(w0).registerProcessingTimeTimer(1);
    expect(h.setProcessingTime(1)).toEqual([{ window: w0, time: 1, result: 'CONTINUE' }]);
  });

  it('clear() deletes only the timer of its own window', () => {
    const h = harness();
    h.processElement('a', 0, w0);
    h.processElement('a', 2, w2);

    h.clearTriggerState(w2);
    expect(h.numEventTimeTimers(w0)).toBe(1);
    expect(h.numEventTimeTimers(w2)).toBe(0);

    h.clearTriggerState(w0);
    expect(h.numEventTimeTimers()).toBe(0);
    expect(h.advanceWatermark(10)).toEqual([]);
  });

  it('on merge registers the timer of the merged window, and the merged-away windows lose theirs', () => {
    const h = harness();
    expect(EventTimeTrigger.create().canMerge()).toBe(true);
    h.processElement('a', 0, w0);
    h.processElement('a', 2, w2);

    h.mergeWindows(new TimeWindow(0, 4), [w0, w2]);
    expect(h.numEventTimeTimers()).toBe(1);
    expect(h.eventTimeTimers(new TimeWindow(0, 4))).toEqual([3]);

    expect(h.advanceWatermark(4)).toEqual([{ window: new TimeWindow(0, 4), time: 3, result: 'FIRE' }]);
    expect(h.numEventTimeTimers()).toBe(0);
  });

  it('registers no timer when merging into a window the watermark has passed (it would fire twice)', () => {
    const h = harness();
    h.processElement('a', 0, w0);
    h.processElement('a', 2, w2);
    h.advanceWatermark(10);
    expect(h.numEventTimeTimers()).toBe(0);

    h.mergeWindows(new TimeWindow(0, 4), [w0, w2]);
    expect(h.numEventTimeTimers()).toBe(0);
  });

  it('registers the merged window timer when its max timestamp is just above the watermark', () => {
    const h = harness();
    h.advanceWatermark(2);
    h.mergeWindows(new TimeWindow(0, 4), []);
    expect(h.eventTimeTimers(new TimeWindow(0, 4))).toEqual([3]);
  });

  it('is marked as the event-time trigger so the window operator can recognise it', () => {
    expect(EventTimeTrigger.create().kind).toBe('event-time');
    expect(String(EventTimeTrigger.create())).toBe('EventTimeTrigger()');
  });
});
