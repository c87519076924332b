import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { MAX_TIMESTAMP } from '../../../../src/time/time-types.js';
import { ContinuousEventTimeTrigger } from '../../../../src/windowing/triggers/continuous-event-time-trigger.js';
import { GlobalWindow } from '../../../../src/windowing/windows/global-window.js';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { TriggerTestContext } from '../../../support/trigger-test-context.js';

const HOUR = 3_600_000;
const w0 = new TimeWindow(0, 2);
const w2 = new TimeWindow(2, 4);
const harness = (interval: number) =>
  new TriggerTestContext(ContinuousEventTimeTrigger.of<TimeWindow>(interval), { namespaces: TimeWindow.namespaces });

describe('ContinuousEventTimeTrigger', () => {
  // Ported from Flink's ContinuousEventTimeTriggerTest (elements carry timestamps here).
  it('answers timers it did not set (e.g. cleanup of a late window with no state) with CONTINUE', () => {
    const h = harness(5);
    h.advanceWatermark(10);
    expect(h.processElement('a', 1, w0)).toBe('FIRE');
    expect(h.invokeOnEventTime(20, w0)).toBe('CONTINUE');
  });

  it('keeps state and timers apart per window and fires each window at its end', () => {
    const h = harness(HOUR);
    for (const [ts, window] of [[0, w0], [1, w0], [1, w0], [2, w2], [3, w2]] as const) {
      expect(h.processElement('a', ts, window)).toBe('CONTINUE');
    }
    expect(h.numStateEntries()).toBe(2);
    expect(h.numProcessingTimeTimers()).toBe(0);
    expect(h.eventTimeTimers(w0)).toEqual([1, HOUR]);
    expect(h.eventTimeTimers(w2)).toEqual([3, HOUR]);

    expect(h.advanceWatermark(2)).toEqual([{ window: w0, time: 1, result: 'FIRE' }]);
    expect(h.numStateEntries()).toBe(2);
    expect(h.eventTimeTimers(w0)).toEqual([HOUR]);
    expect(h.numEventTimeTimers(w2)).toBe(2);

    expect(h.advanceWatermark(4)).toEqual([{ window: w2, time: 3, result: 'FIRE' }]);
    expect(h.numStateEntries()).toBe(2);
    expect(h.numEventTimeTimers()).toBe(2);
  });

  it('fires an element of a window the watermark has passed at once and registers nothing', () => {
    const h = harness(HOUR);
    h.advanceWatermark(2);
    expect(h.processElement('a', 1, w0)).toBe('FIRE');
    expect(h.numStateEntries()).toBe(0);
    expect(h.numEventTimeTimers()).toBe(0);
  });

  it('clear() deletes the periodic timer and state of its own window only, not the end-of-window timer', () => {
    const h = harness(HOUR);
    h.processElement('a', 0, w0);
    h.processElement('a', 2, w2);
    expect(h.numEventTimeTimers()).toBe(4);

    h.clearTriggerState(w2);
    expect(h.numStateEntries()).toBe(1);
    expect(h.eventTimeTimers(w0)).toEqual([1, HOUR]);
    expect(h.eventTimeTimers(w2)).toEqual([3]);

    h.clearTriggerState(w0);
    expect(h.numStateEntries()).toBe(0);
    expect(h.numEventTimeTimers()).toBe(2);
  });

  it('fires periodically at interval-aligned times, then at the window end, keeping the contents (FIRE)', () => {
    const h = harness(3000);
    const window = new TimeWindow(0, 10_000);
    expect(h.processElement('a', 500, window)).toBe('CONTINUE');
    expect(h.processElement('b', 2500, window)).toBe('CONTINUE');
    expect(h.eventTimeTimers(window)).toEqual([3000, 9999]);

    expect(h.advanceWatermark(2999)).toEqual([]);
    expect(h.advanceWatermark(3000)).toEqual([{ window, time: 3000, result: 'FIRE' }]);
    expect(h.eventTimeTimers(window)).toEqual([6000, 9999]);

    // One watermark jump fires every due timer in time order, each re-registering the next.
    expect(h.advanceWatermark(9999)).toEqual([
      { window, time: 6000, result: 'FIRE' },
      { window, time: 9000, result: 'FIRE' },
      { window, time: 9999, result: 'FIRE' },
    ]);
    // As in Flink, the next periodic timer lies past the end: until cleanup clears it, it fires too.
    expect(h.eventTimeTimers(window)).toEqual([12_000]);
    expect(h.advanceWatermark(12_000)).toEqual([{ window, time: 12_000, result: 'FIRE' }]);
    h.clearTriggerState(window);
    expect(h.numEventTimeTimers()).toBe(0);
    expect(h.numStateEntries()).toBe(0);
  });

  it('aligns the first fire time with Java truncating %: ts - ts % interval + interval', () => {
    const window = new TimeWindow(-10_000, 10_000);
    const aligned = (ts: number) => {
      const h = harness(1000);
      h.processElement('a', ts, window);
      return h.eventTimeTimers(window).filter((t) => t !== window.maxTimestamp());
    };
    expect(aligned(4321)).toEqual([5000]);
    expect(aligned(5000)).toEqual([6000]);
    expect(aligned(0)).toEqual([1000]);
    // Truncation, not flooring: -1500 gives 0, not -1000.
    expect(aligned(-1500)).toEqual([0]);
    expect(aligned(-2000)).toEqual([-1000]);
  });

  it('schedules only from the first element of a window; later ones keep the pending fire time', () => {
    const h = harness(1000);
    const window = new TimeWindow(0, 10_000);
    h.processElement('a', 4500, window);
    h.processElement('b', 100, window);
    h.processElement('c', 8800, window);
    expect(h.eventTimeTimers(window)).toEqual([5000, 9999]);
  });

  it('on merge keeps the earliest pending fire time and registers it for the merged window', () => {
    const h = harness(3000);
    const a = new TimeWindow(0, 10_000);
    const b = new TimeWindow(5000, 15_000);
    const merged = new TimeWindow(0, 15_000);
    expect(ContinuousEventTimeTrigger.of(3000).canMerge()).toBe(true);
    h.processElement('a', 500, a);
    h.processElement('b', 7000, b);
    expect(h.eventTimeTimers(b)).toEqual([9000, 14_999]);

    h.mergeWindows(merged, [a, b]);
    expect(h.numStateEntries()).toBe(1);
    expect(h.numStateEntries(merged)).toBe(1);
    expect(h.eventTimeTimers(merged)).toEqual([3000]);
    // On merging the old windows' timers stay (the window operator ignores timers of windows merged away).
    expect(h.numEventTimeTimers()).toBe(5);

    // The operator then calls onElement for the merged window, which registers its end.
    h.processElement('c', 1000, merged);
    expect(h.eventTimeTimers(merged)).toEqual([3000, 14_999]);

    expect(h.advanceWatermark(3000)).toEqual([
      { window: a, time: 3000, result: 'CONTINUE' },
      { window: merged, time: 3000, result: 'FIRE' },
    ]);
    expect(h.eventTimeTimers(merged)).toEqual([6000, 14_999]);
  });

  it('registers nothing on merge when no merged window had a pending fire time', () => {
    const h = harness(3000);
    h.mergeWindows(new TimeWindow(0, 4), [w0, w2]);
    expect(h.numEventTimeTimers()).toBe(0);
    expect(h.numStateEntries()).toBe(0);
  });

  it('schedules a fire time past the end of time at MAX_TIMESTAMP, fires it once and does not re-register it', () => {
    const h = harness(10);
    const window = new TimeWindow(0, 10);
    h.processElement('a', MAX_TIMESTAMP - 1, window);
    expect(h.eventTimeTimers(window)).toEqual([9, MAX_TIMESTAMP]);
    expect(h.advanceWatermark(MAX_TIMESTAMP)).toEqual([
      { window, time: 9, result: 'FIRE' },
      { window, time: MAX_TIMESTAMP, result: 'FIRE' },
    ]);
    expect(h.numEventTimeTimers()).toBe(0);
  });

  it('works on the global window: periodic fires forever, the end fire at the final watermark', () => {
    const h = new TriggerTestContext(ContinuousEventTimeTrigger.of(100), { namespaces: GlobalWindow.namespaces });
    const g = GlobalWindow.INSTANCE;
    h.processElement('a', 50, g);
    expect(h.advanceWatermark(350).map((f) => f.time)).toEqual([100, 200, 300]);
    expect(h.eventTimeTimers(g)).toEqual([400, MAX_TIMESTAMP]);
  });

  it('restores its pending fire time and timers from a snapshot', () => {
    const before = harness(3000);
    const window = new TimeWindow(0, 10_000);
    before.processElement('a', 500, window);

    const after = new TriggerTestContext(ContinuousEventTimeTrigger.of<TimeWindow>(3000), {
      namespaces: TimeWindow.namespaces,
      restoreFrom: before.snapshot(),
    });
    expect(after.eventTimeTimers(window)).toEqual([3000, 9999]);
    expect(after.processElement('b', 7000, window)).toBe('CONTINUE');
    expect(after.eventTimeTimers(window)).toEqual([3000, 9999]);
    expect(after.advanceWatermark(3000)).toEqual([{ window, time: 3000, result: 'FIRE' }]);
    expect(after.eventTimeTimers(window)).toEqual([6000, 9999]);
  });

  it('rejects an interval that is not a positive integer, naming the value', () => {
    for (const bad of [0, -5, 1.5, Number.NaN, '100']) {
      expect(() => ContinuousEventTimeTrigger.of(bad as number)).toThrow(ConfigError);
    }
    expect(() => ContinuousEventTimeTrigger.of(-5)).toThrow(
      expect.objectContaining({
        code: ErrorCodes.INVALID_DURATION,
        message: expect.stringMatching(/ContinuousEventTimeTrigger\.of\(interval\).*got -5/),
      }),
    );
    expect(String(ContinuousEventTimeTrigger.of(60_000))).toBe('ContinuousEventTimeTrigger(60000)');
  });
});
