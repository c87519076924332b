import { describe, expect, it } from 'vitest';
import { OutputTag } from '../../../../src/api/output-tag.js';
import type { AggregateFunction } from '../../../../src/state/aggregate-function.js';
import type { OperatorSnapshot } from '../../../../src/runtime/operator-snapshot.js';
import { ValueStateDescriptor } from '../../../../src/state/state-descriptor.js';
import { sortBetweenWatermarks } from '../../../../src/testing/sort-between-watermarks.js';
import { windowOperatorHarness } from '../../../../src/testing/window-operator-harness.js';
import { SlidingEventTimeWindows } from '../../../../src/windowing/assigners/sliding-event-time-windows.js';
import { TumblingEventTimeWindows } from '../../../../src/windowing/assigners/tumbling-event-time-windows.js';
import type { WindowAssigner } from '../../../../src/windowing/assigners/window-assigner.js';
import type { ProcessWindowFunction } from '../../../../src/windowing/functions/process-window-function.js';
import { EventTimeTrigger } from '../../../../src/windowing/triggers/event-time-trigger.js';
import type { Trigger } from '../../../../src/windowing/triggers/trigger.js';
import type { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import {
  byKey,
  el,
  expectSide,
  replay,
  runThrough,
  runWithRestoreAt,
  stateCounts,
  sumPairs,
  toWm,
  type Pair,
  type RunOutput,
  type Step,
} from './window-test-support.js';

// The window operator takes shortcuts for EventTimeTrigger (recognised by its `kind`): it skips the
// trigger for windows that already have contents and, with no allowed lateness, tracks windows
// instead of timers. These tests run the same input through EventTimeTrigger.create() and through
// an equivalent trigger without `kind` (the general path) and require the same results, state,
// timers and snapshots, including across restores in either direction.

const eventTime = EventTimeTrigger.create();
/** EventTimeTrigger's behaviour without its `kind`: the operator must take the general path. */
const general: Trigger<Pair, TimeWindow> = {
  onElement: (e, t, w, ctx) => eventTime.onElement(e, t, w, ctx),
  onEventTime: (t, w, ctx) => eventTime.onEventTime(t, w, ctx),
  onProcessingTime: (t, w, ctx) => eventTime.onProcessingTime(t, w, ctx),
  canMerge: () => true,
  onMerge: (w, ctx) => eventTime.onMerge(w, ctx),
  clear: (w, ctx) => eventTime.clear(w, ctx),
};

const late = new OutputTag<Pair>('late');
const audit = new OutputTag<string>('audit');
const FIRED = new ValueStateDescriptor<number>({ name: 'fired', defaultValue: 0 });
const EVALUATIONS = new ValueStateDescriptor<number>({ name: 'evaluations', defaultValue: 0 });

/** Order-sensitive per key: numbers its evaluations (global state) and each window's firings (window state). */
const numbering: ProcessWindowFunction<Pair, string, string, TimeWindow> = {
  process(key, ctx, elements, out) {
    const evaluations = ctx.globalState(EVALUATIONS);
    evaluations.update(evaluations.value()! + 1);
    const fired = ctx.windowState(FIRED);
    fired.update(fired.value()! + 1);
    const sum = elements.reduce((s, e) => s + e[1], 0);
    out.collect(`${key} #${evaluations.value()} [${ctx.window.start},${ctx.window.end}) firing ${fired.value()} sum ${sum}`);
    ctx.output(audit, `${key} ${ctx.window.start} wm ${ctx.currentWatermark()}`);
  },
  clear: (ctx) => ctx.windowState(FIRED).clear(),
};

type Setup = { assigner: WindowAssigner<Pair, TimeWindow>; lateness: number; fn: 'reduce' | 'aggregate' | 'process' };

const sumAggregate: AggregateFunction<Pair, { key: string; sum: number }, Pair> = {
  createAccumulator: () => ({ key: '', sum: 0 }),
  add: (v, acc) => ({ key: v[0], sum: acc.sum + v[1] }),
  getResult: (acc) => [acc.key, acc.sum],
  merge: (a, b) => ({ key: a.key || b.key, sum: a.sum + b.sum }),
};

function harness(setup: Setup, trigger: Trigger<Pair, TimeWindow>, restoreFrom?: OperatorSnapshot) {
  const base = { keySelector: byKey, assigner: setup.assigner, trigger, allowedLateness: setup.lateness, lateDataTag: late, restoreFrom };
  if (setup.fn === 'reduce') return windowOperatorHarness<Pair, unknown, string, TimeWindow>({ ...base, reduce: sumPairs });
  if (setup.fn === 'aggregate') return windowOperatorHarness<Pair, unknown, string, TimeWindow>({ ...base, aggregate: sumAggregate });
  return windowOperatorHarness<Pair, unknown, string, TimeWindow>({ ...base, process: numbering });
}

/** Out-of-order input for keys a, b, c with some late elements and watermarks, from a seed. */
function scenario(seed: number, length = 50): Step<Pair>[] {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const steps: Step<Pair>[] = [];
  let watermark = 0;
  for (let i = 0; i < length; i++) {
    if (random() < 0.2) {
      watermark += Math.floor(random() * 700);
      steps.push(toWm(watermark));
    } else {
      const key = 'abc'[Math.floor(random() * 3)]!;
      steps.push(el([key, 1 + Math.floor(random() * 5)], watermark + Math.floor(random() * 1500) - 600));
    }
  }
  steps.push(toWm(watermark + 5000));
  return steps;
}

function expectSameRun(actual: RunOutput<unknown>, expected: RunOutput<unknown>, what: string): void {
  expect(sortBetweenWatermarks(actual.main), what).toEqual(sortBetweenWatermarks(expected.main));
  expectSide(actual.late, expected.late);
  expect(actual.lateDropped, what).toBe(expected.lateDropped);
}

/**
 * Whether the shortcut keeps the general path's state layout, so that state, timers and snapshots
 * can be compared too. Sliding aggregate windows share work through panes: their state differs.
 */
function sameStateLayout(setup: Setup): boolean {
  return !(setup.fn === 'aggregate' && setup.assigner instanceof SlidingEventTimeWindows);
}

const setups: [string, Setup][] = [];
for (const [windowsName, assigner] of [
  ['tumbling 1 s', TumblingEventTimeWindows.of(1_000)],
  ['sliding 1 s / 0.5 s', SlidingEventTimeWindows.of(1_000, 500)],
] as const) {
  for (const lateness of [0, 300]) {
    for (const fn of ['reduce', 'aggregate', 'process'] as const) {
      setups.push([`${windowsName}, lateness ${lateness}, ${fn}`, { assigner: assigner as WindowAssigner<Pair, TimeWindow>, lateness, fn }]);
    }
  }
}

describe.each(setups)('EventTimeTrigger shortcuts on %s', (_name, setup) => {
  const fast = () => harness(setup, EventTimeTrigger.create());
  const slow = () => harness(setup, general);

  it.each([1, 2, 3])('give the general path results (seed %i)', (seed) => {
    const steps = scenario(seed);
    const [f, s] = [fast(), slow()];
    replay(f, steps);
    replay(s, steps);
    expect(sortBetweenWatermarks(f.elements())).toEqual(sortBetweenWatermarks(s.elements()));
    expectSide(f.sideOutput(late), s.sideOutput(late));
    expectSide(f.sideOutput(audit), s.sideOutput(audit));
    expect(f.metrics.snapshot()).toEqual(s.metrics.snapshot());
  });

  it.each([4, 5])('give the general path results when restored after any step (seed %i)', (seed) => {
    const steps = scenario(seed, 30);
    // Without the watermark re-sent, elements after a restore may land in windows that fired before
    // it (the restored watermark is Long.MIN_VALUE, as in Flink); panes cannot tell such a second
    // result apart from the first, so that case is compared only where the state layout is shared.
    const resends = sameStateLayout(setup) ? [true, false] : [true];
    for (let at = 0; at <= steps.length; at++) {
      for (const resendWatermark of resends) {
        const what = `restored after step ${at}, watermark ${resendWatermark ? 're-sent' : 'not re-sent'}`;
        expectSameRun(
          runWithRestoreAt(fast, steps, at, late, { resendWatermark }),
          runWithRestoreAt(slow, steps, at, late, { resendWatermark }),
          what,
        );
      }
    }
  });

  if (!sameStateLayout(setup)) return;

  it('keep the general path state and timers after every step', () => {
    const steps = scenario(7);
    const [f, s] = [fast(), slow()];
    for (const [i, step] of steps.entries()) {
      replay(f, [step]);
      replay(s, [step]);
      expect(stateCounts(f), `state after step ${i}`).toEqual(stateCounts(s));
    }
  });

  it('write snapshots that the other path restores with the same results', () => {
    const steps = scenario(6, 30);
    const reference = runThrough(slow, steps, late);
    for (let at = 0; at <= steps.length; at++) {
      const fastToSlow = runWithRestoreAt(fast, steps, at, late, { restoreWith: (snap) => harness(setup, general, snap) });
      const slowToFast = runWithRestoreAt(slow, steps, at, late, { restoreWith: (snap) => harness(setup, EventTimeTrigger.create(), snap) });
      expectSameRun(fastToSlow, reference, `fast → general after step ${at}`);
      expectSameRun(slowToFast, reference, `general → fast after step ${at}`);
    }
  });
});

describe('EventTimeTrigger shortcuts after a restore', () => {
  const tumbling = TumblingEventTimeWindows.of(1_000) as WindowAssigner<Pair, TimeWindow>;

  it('evaluate restored and new windows of a key in time order (lateness 0)', () => {
    const setup: Setup = { assigner: tumbling, lateness: 0, fn: 'process' };
    const steps = [el<Pair>(['a', 1], 2500), el<Pair>(['a', 1], 500), toWm<Pair>(5000)];
    for (const trigger of [EventTimeTrigger.create(), general]) {
      const out = runWithRestoreAt(() => harness(setup, trigger), steps, 1, late);
      expect(out.main.filter((e) => e.kind === 'record').map((e) => e.value)).toEqual([
        'a #1 [0,1000) firing 1 sum 1',
        'a #2 [2000,3000) firing 1 sum 1',
      ]);
    }
  });

  it('re-fire a fired window within lateness at the next watermark when the element comes before it', () => {
    const setup: Setup = { assigner: tumbling, lateness: 500, fn: 'reduce' };
    // [0,1000) fires at 999 and keeps its contents until 1499; the restore forgets watermark 1200.
    const steps = [el<Pair>(['a', 1], 100), toWm<Pair>(1200), el<Pair>(['a', 2], 200), toWm<Pair>(1300), toWm<Pair>(3000)];
    for (const trigger of [EventTimeTrigger.create(), general]) {
      const out = runWithRestoreAt(() => harness(setup, trigger), steps, 2, late, { resendWatermark: false });
      expect(out.main.filter((e) => e.kind === 'record')).toEqual([
        { kind: 'record', value: ['a', 1], timestamp: 999 },
        { kind: 'record', value: ['a', 3], timestamp: 999 },
      ]);
    }
  });
});

describe('EventTimeTrigger shortcuts with panes (sliding windows, aggregate)', () => {
  const setup: Setup = { assigner: SlidingEventTimeWindows.of(1_000, 500) as WindowAssigner<Pair, TimeWindow>, lateness: 0, fn: 'aggregate' };

  it('count an element only in the windows still open when it arrives, also across a restore', () => {
    // At watermark 516 the window [-500, 500) is closed; an element at 50 only counts in [0, 1000).
    const steps = [toWm<Pair>(516), el<Pair>(['c', 1], 50), el<Pair>(['a', 4], 40), toWm<Pair>(1309)];
    for (const trigger of [EventTimeTrigger.create(), general]) {
      for (let at = 0; at <= steps.length; at++) {
        const out = runWithRestoreAt(() => harness(setup, trigger), steps, at, late);
        expect(sortBetweenWatermarks(out.main), `restored after step ${at}`).toEqual([
          { kind: 'watermark', timestamp: 516 },
          { kind: 'record', value: ['a', 4], timestamp: 999 },
          { kind: 'record', value: ['c', 1], timestamp: 999 },
          { kind: 'watermark', timestamp: 1309 },
        ]);
      }
    }
  });
});
