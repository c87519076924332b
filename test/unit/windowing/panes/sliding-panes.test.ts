import { describe, expect, it } from 'vitest';
import { harness, late, run, sumAndCount, type Event, type Step } from './pane-test-support.js';
import { StateError } from '../../../../src/errors/state-error.js';
import type { AggregateFunction } from '../../../../src/state/aggregate-function.js';
import { KeyedOperatorHarness } from '../../../../src/testing/keyed-operator-harness.js';
import { sortBetweenWatermarks } from '../../../../src/testing/sort-between-watermarks.js';
import { windowOperatorHarness } from '../../../../src/testing/window-operator-harness.js';
import { SlidingEventTimeWindows } from '../../../../src/windowing/assigners/sliding-event-time-windows.js';
import type { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { KeyGroupAssigner, operatorIndexForKeyGroup } from '../../../../src/state/key-group.js';
import type { KeyedStateSnapshot } from '../../../../src/state/keyed-state-snapshot.js';
import type { OperatorSnapshot } from '../../../../src/runtime/operator-snapshot.js';

/** A harness of the pane path (or the per-window one) for windows of `size` every `slide`. */
const harnessOf = (general: boolean, size = 3000, slide = 1000) => harness(general, { size, slide });

/** Deterministic pseudo-random input with out-of-order and late elements, and watermarks. */
function script(): Step[] {
  const steps: Step[] = [];
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  let watermark = -1;
  for (let i = 0; i < 400; i++) {
    // Every 23rd element is far behind: late for some or all of its windows.
    const ts = Math.floor(i * 37 + rand() * 2500 - 1200 - (i % 23 === 0 ? 4000 : 0));
    steps.push(['e', [`k${Math.floor(rand() * 5)}`, Math.floor(rand() * 10)], ts]);
    if (i % 17 === 16) {
      watermark = Math.max(watermark, i * 37 - 900);
      steps.push(['w', watermark]);
    }
  }
  steps.push(['w', Number.MAX_SAFE_INTEGER]);
  return steps;
}

describe('sliding windows with aggregate() share work through panes', () => {
  it('give exactly the results, timestamps, watermark positions and late output of the per-window path', () => {
    const steps = script();
    const panes = harnessOf(false);
    const general = harnessOf(true);
    run(panes, steps);
    run(general, steps);
    expect(general.records().length).toBeGreaterThan(50);
    expect(sortBetweenWatermarks(panes.elements())).toEqual(sortBetweenWatermarks(general.elements()));
    expect(panes.sideOutput(late)).toEqual(general.sideOutput(late));
    expect(panes.sideOutput(late).length).toBeGreaterThan(0);
  });

  it.each([
    [10_000, 1000],
    [4000, 2000],
    [3000, 1000],
  ])('match the per-window path for size %i and slide %i', (size, slide) => {
    const steps = script();
    const panes = harnessOf(false, size, slide);
    const general = harnessOf(true, size, slide);
    run(panes, steps);
    run(general, steps);
    expect(sortBetweenWatermarks(panes.elements())).toEqual(sortBetweenWatermarks(general.elements()));
  });

  it('fire a window whose pane arrived after a later pane, while the watermark was behind both', () => {
    const steps: ReturnType<typeof script> = [
      ['e', ['a', 1], 5000],
      ['w', 0],
      ['e', ['a', 2], 100],
      ['w', 999],
      ['w', 1999],
      ['e', ['b', 4], 20_500],
      ['w', 6000],
      ['e', ['b', 8], 1500],
      ['w', Number.MAX_SAFE_INTEGER],
    ];
    const panes = harnessOf(false);
    const general = harnessOf(true);
    run(panes, steps);
    run(general, steps);
    expect(panes.elements()).toContainEqual(expect.objectContaining({ value: '2/1', timestamp: 999 }));
    expect(sortBetweenWatermarks(panes.elements())).toEqual(sortBetweenWatermarks(general.elements()));
    expect(panes.sideOutput(late)).toEqual(general.sideOutput(late));
  });

  it('match the per-window path with many keys, sparse keys and elements far ahead of the watermark', () => {
    const steps: ReturnType<typeof script> = [];
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let watermark = -1;
    for (let i = 0; i < 3000; i++) {
      // Some elements land up to 40 s ahead: rings must grow past their initial slots.
      const ahead = i % 97 === 0 ? Math.floor(rand() * 40_000) : 0;
      const ts = Math.floor(i * 13 + rand() * 3000 - 1500) + ahead;
      const key = i % 5 === 0 ? `sparse${Math.floor(rand() * 400)}` : `k${Math.floor(rand() * 40)}`;
      steps.push(['e', [key, Math.floor(rand() * 10)], ts]);
      if (i % 31 === 30) {
        watermark = Math.max(watermark, i * 13 - 1600);
        steps.push(['w', watermark]);
      }
    }
    steps.push(['w', Number.MAX_SAFE_INTEGER]);
    const panes = harnessOf(false);
    const general = harnessOf(true);
    run(panes, steps);
    run(general, steps);
    expect(general.records().length).toBeGreaterThan(1000);
    expect(sortBetweenWatermarks(panes.elements())).toEqual(sortBetweenWatermarks(general.elements()));
    expect(panes.sideOutput(late)).toEqual(general.sideOutput(late));
  });

  it('restore mid-stream into a fresh instance and continue with the same output', () => {
    const steps = script();
    const uninterrupted = harnessOf(false);
    run(uninterrupted, steps);

    const first = harnessOf(false);
    const cut = Math.floor(steps.length / 2);
    run(first, steps.slice(0, cut));
    const snapshot = first.snapshot();
    const restored = first.restoreFresh(snapshot);
    run(restored, steps.slice(cut));
    expect(sortBetweenWatermarks([...first.elements(), ...restored.elements()])).toEqual(
      sortBetweenWatermarks(uninterrupted.elements()),
    );
  });

  it('re-split across another parallelism: a subtask restored from two that fired different windows fires each window once', () => {
    const assigner = new KeyGroupAssigner(128);
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
    const owner = (key: string) => operatorIndexForKeyGroup(128, 2, assigner.assign(key));
    expect(new Set(keys.map(owner)).size).toBe(2);
    const sub = (subtaskIndex: number, restoreFrom?: OperatorSnapshot) =>
      windowOperatorHarness<Event, string, string, TimeWindow>({
        keySelector: (e) => e[0],
        assigner: SlidingEventTimeWindows.of(3000, 1000) as never,
        aggregate: sumAndCount as AggregateFunction<Event, unknown, unknown>,
        subtaskIndex,
        parallelism: restoreFrom === undefined ? 2 : 1,
        ...(restoreFrom === undefined ? {} : { restoreFrom }),
      }) as KeyedOperatorHarness<Event, string>;
    const events: [Event, number][] = [];
    for (let t = 0; t < 9000; t += 250) for (const key of keys) events.push([[key, (t / 250) % 5], t]);
    const one = harnessOf(false);
    for (const [e, t] of events) one.processElement(e, t);
    one.processWatermark(Number.MAX_SAFE_INTEGER);

    // Both subtasks see every element before 6000; subtask 0's watermark is at 4999, subtask 1's at 2999.
    const subtasks = [sub(0), sub(1)];
    for (const [e, t] of events) if (t < 6000) subtasks[owner(e[0])]!.processElement(e, t);
    subtasks[0]!.processWatermark(4999);
    subtasks[1]!.processWatermark(2999);
    const [a, b] = subtasks.map((h) => h.snapshot()) as [OperatorSnapshot, OperatorSnapshot];
    const keyedA = a.keyed as KeyedStateSnapshot;
    const keyedB = b.keyed as KeyedStateSnapshot;
    const merged: OperatorSnapshot = {
      ...a,
      keyed: { ...keyedA, keyGroupRange: { start: 0, end: 127 }, keyGroups: [...keyedA.keyGroups, ...keyedB.keyGroups] },
    };
    const restored = sub(0, merged);
    for (const [e, t] of events) if (t >= 6000) restored.processElement(e, t);
    restored.processWatermark(Number.MAX_SAFE_INTEGER);

    const results = (hs: KeyedOperatorHarness<Event, string>[]) =>
      hs.flatMap((h) => h.elements().filter((x) => 'value' in x).map((x) => JSON.stringify(x))).sort();
    expect(results([...subtasks, restored])).toEqual(results([one]));
  });

  it('refuse to restore pane state into a window operator without the same panes', () => {
    const first = harnessOf(false);
    first.processElement(['a', 1], 10);
    const snapshot = first.snapshot();
    let caught: unknown;
    try {
      windowOperatorHarness<Event, string, string, TimeWindow>({
        keySelector: (e) => e[0],
        assigner: SlidingEventTimeWindows.of(6000, 2000) as never,
        aggregate: sumAndCount as AggregateFunction<Event, unknown, unknown>,
        restoreFrom: snapshot,
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StateError);
    expect((caught as StateError).code).toBe(ErrorCodes.STATE_RESTORE_FAILED);
    expect((caught as StateError).message).toContain('panes');
  });
});
