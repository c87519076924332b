import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/errors/config-error.js';
import type { Millis } from '../../../../src/time/time-types.js';
import { CountTrigger } from '../../../../src/windowing/triggers/count-trigger.js';
import { EventTimeTrigger } from '../../../../src/windowing/triggers/event-time-trigger.js';
import { PurgingTrigger } from '../../../../src/windowing/triggers/purging-trigger.js';
import type { OnMergeContext, Trigger, TriggerContext } from '../../../../src/windowing/triggers/trigger.js';
import type { TriggerResult } from '../../../../src/windowing/triggers/trigger-result.js';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { TriggerTestContext } from '../../../support/trigger-test-context.js';

/** A real trigger whose answers the test sets, and which records what it was asked. */
class ScriptedTrigger implements Trigger<unknown, TimeWindow> {
  answer: TriggerResult = 'CONTINUE';
  onElementTimers: (ctx: TriggerContext) => void = () => {};
  mergeable = true;
  readonly calls: string[] = [];

  onElement(_e: unknown, _ts: Millis, window: TimeWindow, ctx: TriggerContext): TriggerResult {
    this.calls.push(`onElement ${window}`);
    this.onElementTimers(ctx);
    return this.answer;
  }
  onEventTime(time: Millis, window: TimeWindow): TriggerResult {
    this.calls.push(`onEventTime ${time} ${window}`);
    return this.answer;
  }
  onProcessingTime(time: Millis, window: TimeWindow): TriggerResult {
    this.calls.push(`onProcessingTime ${time} ${window}`);
    return this.answer;
  }
  canMerge(): boolean {
    return this.mergeable;
  }
  onMerge(window: TimeWindow, _ctx: OnMergeContext): void {
    this.calls.push(`onMerge ${window}`);
  }
  clear(window: TimeWindow): void {
    this.calls.push(`clear ${window}`);
  }
}

const w0 = new TimeWindow(0, 2);
const ALL: TriggerResult[] = ['CONTINUE', 'FIRE', 'FIRE_AND_PURGE', 'PURGE'];
const PURGED: TriggerResult[] = ['CONTINUE', 'FIRE_AND_PURGE', 'FIRE_AND_PURGE', 'PURGE'];

describe('PurgingTrigger', () => {
  it('turns FIRE into FIRE_AND_PURGE for elements and passes the other results through', () => {
    const nested = new ScriptedTrigger();
    const h = new TriggerTestContext(PurgingTrigger.of(nested), { namespaces: TimeWindow.namespaces });
    const results = ALL.map((answer) => {
      nested.answer = answer;
      return h.processElement('a', 0, w0);
    });
    expect(results).toEqual(PURGED);
  });

  it('turns FIRE into FIRE_AND_PURGE for event-time timers, which the nested trigger registers through the same context', () => {
    const nested = new ScriptedTrigger();
    const h = new TriggerTestContext(PurgingTrigger.of(nested), { namespaces: TimeWindow.namespaces });
    nested.onElementTimers = (ctx) => [1, 2, 3, 4].forEach((t) => ctx.registerEventTimeTimer(t));
    h.processElement('a', 0, w0);
    expect(h.eventTimeTimers(w0)).toEqual([1, 2, 3, 4]);

    const results = ALL.map((answer, i) => {
      nested.answer = answer;
      const fired = h.advanceWatermark(i + 1);
      expect(fired).toHaveLength(1);
      return fired[0]!.result;
    });
    expect(results).toEqual(PURGED);
  });

  it('turns FIRE into FIRE_AND_PURGE for processing-time timers', () => {
    const nested = new ScriptedTrigger();
    const h = new TriggerTestContext(PurgingTrigger.of(nested), { namespaces: TimeWindow.namespaces });
    nested.onElementTimers = (ctx) => [1, 2, 3, 4].forEach((t) => ctx.registerProcessingTimeTimer(t));
    h.processElement('a', 0, w0);
    expect(h.processingTimeTimers(w0)).toEqual([1, 2, 3, 4]);
    expect(h.numEventTimeTimers(w0)).toBe(0);

    const results = ALL.map((answer, i) => {
      nested.answer = answer;
      const fired = h.setProcessingTime(i + 1);
      expect(fired).toHaveLength(1);
      return fired[0]!.result;
    });
    expect(results).toEqual(PURGED);
  });

  it('forwards canMerge, onMerge and clear to the nested trigger', () => {
    const nested = new ScriptedTrigger();
    const purging = PurgingTrigger.of(nested);
    const h = new TriggerTestContext(purging, { namespaces: TimeWindow.namespaces });
    expect(purging.canMerge()).toBe(true);
    nested.mergeable = false;
    expect(purging.canMerge()).toBe(false);

    h.mergeWindows(w0, [new TimeWindow(0, 1)]);
    h.clearTriggerState(w0);
    expect(nested.calls).toEqual([`onMerge ${w0}`, `clear ${new TimeWindow(0, 1)}`, `clear ${w0}`]);
  });

  it('makes a purging count trigger: FIRE_AND_PURGE every n elements', () => {
    const h = new TriggerTestContext(PurgingTrigger.of(CountTrigger.of<TimeWindow>(2)), { namespaces: TimeWindow.namespaces });
    const results = [1, 2, 3, 4].map(() => h.processElement('a', 0, w0));
    expect(results).toEqual(['CONTINUE', 'FIRE_AND_PURGE', 'CONTINUE', 'FIRE_AND_PURGE']);
  });

  it('makes a purging event-time trigger, late elements included', () => {
    const h = new TriggerTestContext(PurgingTrigger.of(EventTimeTrigger.create()), { namespaces: TimeWindow.namespaces });
    expect(h.processElement('a', 0, w0)).toBe('CONTINUE');
    expect(h.advanceWatermark(1)).toEqual([{ window: w0, time: 1, result: 'FIRE_AND_PURGE' }]);
    expect(h.processElement('late', 0, w0)).toBe('FIRE_AND_PURGE');
  });

  it('rejects something that is not a trigger', () => {
    expect(() => PurgingTrigger.of(undefined as unknown as Trigger<unknown, TimeWindow>)).toThrow(ConfigError);
    expect(() => PurgingTrigger.of({} as Trigger<unknown, TimeWindow>)).toThrow(/needs a Trigger/);
    expect(String(PurgingTrigger.of(CountTrigger.of(5)))).toBe('PurgingTrigger(CountTrigger(5))');
  });
});
