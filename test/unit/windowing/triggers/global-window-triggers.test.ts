import { describe, expect, it } from 'vitest';
import { MAX_TIMESTAMP } from '../../../../src/time/time-types.js';
import { EndOfStreamTrigger } from '../../../../src/windowing/triggers/end-of-stream-trigger.js';
import { NeverTrigger } from '../../../../src/windowing/triggers/never-trigger.js';
import { GlobalWindow } from '../../../../src/windowing/windows/global-window.js';
import { TriggerTestContext } from '../../../support/trigger-test-context.js';

const g = GlobalWindow.INSTANCE;

describe('NeverTrigger', () => {
  it('never fires, registers nothing and keeps no state, and merges trivially', () => {
    const h = new TriggerTestContext(NeverTrigger.create(), { namespaces: GlobalWindow.namespaces });
    for (let i = 0; i < 5; i++) expect(h.processElement(i, i, g)).toBe('CONTINUE');
    expect(h.numEventTimeTimers() + h.numProcessingTimeTimers() + h.numStateEntries()).toBe(0);
    expect(h.advanceWatermark(MAX_TIMESTAMP)).toEqual([]);
    expect(h.setProcessingTime(1_000_000)).toEqual([]);
    expect(h.invokeOnEventTime(MAX_TIMESTAMP, g)).toBe('CONTINUE');
    h.contextFor(g).registerProcessingTimeTimer(2_000_000);
    expect(h.setProcessingTime(2_000_000)).toEqual([{ window: g, time: 2_000_000, result: 'CONTINUE' }]);
    expect(NeverTrigger.create().canMerge()).toBe(true);
    h.mergeWindows(g, []);
    h.clearTriggerState(g);
  });
});

describe('EndOfStreamTrigger', () => {
  it('registers one event-time timer at MAX_TIMESTAMP and fires only at the final watermark', () => {
    const h = new TriggerTestContext(EndOfStreamTrigger.create(), { namespaces: GlobalWindow.namespaces });
    for (let i = 0; i < 3; i++) expect(h.processElement(i, i, g)).toBe('CONTINUE');
    expect(h.eventTimeTimers(g)).toEqual([MAX_TIMESTAMP]);
    expect(h.numStateEntries()).toBe(0);

    expect(h.advanceWatermark(MAX_TIMESTAMP - 1)).toEqual([]);
    expect(h.setProcessingTime(MAX_TIMESTAMP)).toEqual([]);
    expect(h.advanceWatermark(MAX_TIMESTAMP)).toEqual([{ window: g, time: MAX_TIMESTAMP, result: 'FIRE' }]);
    expect(h.numEventTimeTimers()).toBe(0);
  });

  it('answers CONTINUE to any other time', () => {
    const h = new TriggerTestContext(EndOfStreamTrigger.create(), { namespaces: GlobalWindow.namespaces });
    expect(h.invokeOnEventTime(0, g)).toBe('CONTINUE');
    h.contextFor(g).registerProcessingTimeTimer(5);
    expect(h.setProcessingTime(5)).toEqual([{ window: g, time: 5, result: 'CONTINUE' }]);
  });

  it('clear() deletes its timer; merging re-registers it', () => {
    const h = new TriggerTestContext(EndOfStreamTrigger.create(), { namespaces: GlobalWindow.namespaces });
    h.processElement('a', 0, g);
    h.clearTriggerState(g);
    expect(h.numEventTimeTimers()).toBe(0);
    h.mergeWindows(g, []);
    expect(h.eventTimeTimers(g)).toEqual([MAX_TIMESTAMP]);
  });

  it('restores its timer from a snapshot and fires it at the final watermark', () => {
    const before = new TriggerTestContext(EndOfStreamTrigger.create(), { namespaces: GlobalWindow.namespaces });
    before.processElement('a', 0, g);
    const after = new TriggerTestContext(EndOfStreamTrigger.create(), {
      namespaces: GlobalWindow.namespaces,
      restoreFrom: before.snapshot(),
    });
    expect(after.advanceWatermark(MAX_TIMESTAMP)).toEqual([{ window: g, time: MAX_TIMESTAMP, result: 'FIRE' }]);
  });
});
