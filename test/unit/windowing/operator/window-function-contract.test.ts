import { describe, expect, it } from 'vitest';
import { OutputTag } from '../../../../src/api/output-tag.js';
import { ValueStateDescriptor } from '../../../../src/state/state-descriptor.js';
import { windowOperatorHarness } from '../../../../src/testing/window-operator-harness.js';
import { TumblingEventTimeWindows } from '../../../../src/windowing/assigners/tumbling-event-time-windows.js';
import type { WindowAssigner } from '../../../../src/windowing/assigners/window-assigner.js';
import type { ProcessWindowFunction } from '../../../../src/windowing/functions/process-window-function.js';
import type { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { RecordingFunction, ScriptedAssigner, ScriptedTrigger, TIME_DOMAINS, contractHarness, windows } from './contract-support.js';
import {
  byKey,
  el,
  expectOutput,
  expectSameOutputAcrossRestores,
  expectSide,
  rec,
  stateCounts,
  toWm,
  wm,
  type Pair,
} from './window-test-support.js';

// Flink's WindowOperatorContractTest.testSideOutput, testPerWindowStateSetAndClearedOn*Purge and
// test*TimeQuerying, and what a ProcessWindowFunction can rely on: side outputs stamped like its
// results, per-window state that lives until clear(), global state across windows.

const PER_WINDOW = new ValueStateDescriptor<string>({ name: 'per-window' });

describe('side outputs of a process window function', () => {
  it('carry the window max timestamp, like its results', () => {
    const ints = new OutputTag<number>('int-out');
    const strings = new OutputTag<string>('string-out');
    const assigner = new ScriptedAssigner();
    assigner.windows = windows([0, 42]);
    const trigger = new ScriptedTrigger();
    trigger.onElementDo = () => 'FIRE';
    const fn = new RecordingFunction();
    fn.onProcess = (ctx, [value]) => {
      ctx.output(ints, value!);
      ctx.output(strings, String(value));
    };
    const h = contractHarness({ assigner, trigger, fn });
    h.processElement(17, 5);
    expect(h.sideOutput(ints)).toEqual([{ value: 17, timestamp: 41 }]);
    expect(h.sideOutput(strings)).toEqual([{ value: '17', timestamp: 41 }]);
  });
});

for (const domain of TIME_DOMAINS) {
  describe(`a window function in ${domain.name}`, () => {
    it('keeps per-window state until clear() at cleanup time removes it', () => {
      const assigner = new ScriptedAssigner(domain.isEventTime);
      assigner.windows = windows([0, 20]);
      const trigger = new ScriptedTrigger();
      trigger.onElementDo = () => 'FIRE';
      const fn = new RecordingFunction();
      fn.onProcess = (ctx) => ctx.windowState(PER_WINDOW).update('hello');
      fn.onClear = (ctx) => ctx.windowState(PER_WINDOW).clear();
      const h = contractHarness({ assigner, trigger, fn, allowedLateness: 20 });
      h.processElement(0, 0);
      expect(stateCounts(h).entries).toBe(2); // contents and the per-window value
      expect(domain.timers(h)).toBe(1);
      domain.advance(h, 19 + 20);
      expect(fn.cleared).toEqual(windows([0, 20]));
      expect(stateCounts(h)).toEqual({ entries: 0, eventTimers: 0, processingTimers: 0 });
    });

    it(`sees the current ${domain.name} when evaluating and when clearing`, () => {
      const assigner = new ScriptedAssigner(domain.isEventTime);
      assigner.windows = windows([0, 20]);
      const trigger = new ScriptedTrigger();
      trigger.onElementDo = () => 'FIRE';
      const fn = new RecordingFunction();
      const seen: number[] = [];
      const now = (ctx: { currentWatermark(): number; currentProcessingTime(): number }) =>
        domain.isEventTime ? ctx.currentWatermark() : ctx.currentProcessingTime();
      const h = contractHarness({ assigner, trigger, fn, allowedLateness: 20 });
      fn.onProcess = (ctx) => seen.push(now(ctx));
      fn.onClear = (ctx) => seen.push(now(ctx));
      domain.advance(h, 10);
      h.processElement(0, 0);
      domain.advance(h, 100);
      expect(fn.evaluations).toHaveLength(1);
      expect(fn.cleared).toHaveLength(1);
      if (domain.isEventTime) expect(seen).toEqual([10, 100]);
      // The manual clock runs each callback at its own time: cleanup (window max timestamp 19) sees 19.
      else expect(seen).toEqual([10, 19]);
    });
  });
}

describe('a process window function on tumbling windows with allowed lateness', () => {
  /** Reports how often each window fired (per-window state) and how many windows the key had (global state). */
  const firings: ProcessWindowFunction<Pair, string, string, TimeWindow> = {
    process(key, ctx, elements, out) {
      const fired = ctx.windowState(new ValueStateDescriptor<number>({ name: 'fired', defaultValue: 0 }));
      fired.update(fired.value()! + 1);
      const seen = ctx.globalState(new ValueStateDescriptor<number>({ name: 'evaluations', defaultValue: 0 }));
      seen.update(seen.value()! + 1);
      out.collect(`${key} [${ctx.window.start},${ctx.window.end}) firing ${fired.value()} of ${elements.length}, evaluation ${seen.value()}`);
      ctx.output(audit, elements.length);
    },
    clear(ctx) {
      ctx.windowState(new ValueStateDescriptor<number>({ name: 'fired', defaultValue: 0 })).clear();
    },
  };
  const audit = new OutputTag<number>('audit');
  const create = () =>
    windowOperatorHarness<Pair, string, string, TimeWindow>({
      keySelector: byKey,
      assigner: TumblingEventTimeWindows.of(10) as WindowAssigner<Pair, TimeWindow>,
      allowedLateness: 5,
      process: firings,
    });
  const steps = [
    el<Pair>(['a', 1], 1),
    el<Pair>(['a', 1], 12),
    toWm<Pair>(9),
    el<Pair>(['a', 1], 3), // late but within lateness: fires [0,10) again
    toWm<Pair>(14),
    el<Pair>(['a', 1], 4), // past cleanup of [0,10) (9 + 5 <= 14): dropped
    toWm<Pair>(30),
  ];

  it('counts firings per window in per-window state and cleans it up with the window', () => {
    const out = expectSameOutputAcrossRestores(create, steps);
    expectOutput(out.main, [
      rec('a [0,10) firing 1 of 1, evaluation 1', 9),
      wm(9),
      rec('a [0,10) firing 2 of 2, evaluation 2', 9),
      wm(14),
      rec('a [10,20) firing 1 of 1, evaluation 3', 19),
      wm(30),
    ]);
    expect(out.lateDropped).toBe(1);
    const h = create();
    for (const step of steps) {
      if ('element' in step) h.processElement(step.element, step.ts);
      else if ('watermark' in step) h.processWatermark(step.watermark);
    }
    expectSide(h.sideOutput(audit), [
      { value: 1, timestamp: 9 },
      { value: 2, timestamp: 9 },
      { value: 1, timestamp: 19 },
    ]);
    expect(stateCounts(h).entries).toBe(1); // only the global evaluation count of key a
  });
});
