import { describe, expect, it } from 'vitest';
import { expectSameAsGeneral, harness, late, run, type Event, type Step } from './pane-test-support.js';
import type { AggregateFunction } from '../../../../src/state/aggregate-function.js';
import { KeyedOperatorHarness } from '../../../../src/testing/keyed-operator-harness.js';
import { sortBetweenWatermarks } from '../../../../src/testing/sort-between-watermarks.js';
import { windowOperatorHarness } from '../../../../src/testing/window-operator-harness.js';
import { SlidingEventTimeWindows } from '../../../../src/windowing/assigners/sliding-event-time-windows.js';
import type { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { KeyGroupAssigner, operatorIndexForKeyGroup } from '../../../../src/state/key-group.js';
import type { KeyedStateSnapshot } from '../../../../src/state/keyed-state-snapshot.js';
import type { OperatorSnapshot } from '../../../../src/runtime/operator-snapshot.js';
import { StateError } from '../../../../src/errors/state-error.js';
import { WINDOW_PANES_STATE } from '../../../../src/windowing/operator/sliding-panes.js';
import { KeyGroupRange } from '../../../../src/state/key-group-range.js';
import { canonical, persistView, restoreViews } from '../../../support/keyed-views.js';

/** The pane ring of `key` in a harness snapshot. */
function ringOf(snapshot: OperatorSnapshot, key: string): unknown[] {
  for (const group of (snapshot.keyed as KeyedStateSnapshot).keyGroups) {
    for (const state of group.states) {
      if (state.name !== WINDOW_PANES_STATE) continue;
      for (const [k, , value] of state.rows) if (k === key) return value as unknown[];
    }
  }
  throw new Error(`no ring for ${key}`);
}

describe('sliding windows kept as panes, at the edges (restore, rescale, sparse rings, extreme timestamps)', () => {
  // Flink: after a restore the watermark is Long.MIN_VALUE again, so an element for a window that fired
  // before the checkpoint is added to it and the window fires again (the per-window path does that).
  // Panes remember which windows fired: such an element is late there, exactly as in the run without
  // the failure, and goes to the late output (or the dropped counter) instead of vanishing.
  it('after a restore, an element for windows that fired before the checkpoint is late there, as without the failure', () => {
    const before: Step[] = [
      ['e', ['a', 1], 500],
      ['e', ['a', 2], 1500],
      ['w', 3999],
    ];
    const after: Step[] = [
      ['e', ['a', 4], 2500],
      ['e', ['a', 8], 500],
      ['w', 7000],
      ['w', Number.MAX_SAFE_INTEGER],
    ];
    const uninterrupted = harness(false);
    run(uninterrupted, before);
    uninterrupted.clearOutput();
    run(uninterrupted, after);

    const first = harness(false);
    run(first, before);
    const restored = first.restoreFresh(first.snapshot());
    run(restored, after);
    expect(sortBetweenWatermarks(restored.elements())).toEqual(sortBetweenWatermarks(uninterrupted.elements()));
    expect(restored.records()).toEqual(['4/1']);
    expect(restored.sideOutput(late)).toEqual(uninterrupted.sideOutput(late));
    expect(restored.sideOutput(late).map((r) => r.value)).toEqual([['a', 8]]);
  });

  it('reject a record without a timestamp, as the per-window path does', () => {
    const general = harness(true);
    expect(() => general.processElement(['a', 1])).toThrow();
    const panes = harness(false);
    expect(() => panes.processElement(['a', 1])).toThrow();
  });

  // A subtask that never saw a watermark records no progress; restored next to one that did, its
  // windows are treated as fired (they start at the other subtask's next end) and are lost.
  it('re-split: fire the windows of a subtask that had seen no watermark yet', () => {
    const assigner = new KeyGroupAssigner(128);
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
    const owner = (key: string) => operatorIndexForKeyGroup(128, 2, assigner.assign(key));
    expect(new Set(keys.map(owner)).size).toBe(2);
    const events: [Event, number][] = [];
    for (let t = 0; t < 9000; t += 250) for (const key of keys) events.push([[key, (t / 250) % 5], t]);

    const one = harness(false);
    for (const [e, t] of events) one.processElement(e, t);
    one.processWatermark(Number.MAX_SAFE_INTEGER);

    for (const general of [true, false]) {
      const subtasks = [0, 1].map((subtaskIndex) => harness(general, { subtaskIndex, parallelism: 2 }));
      for (const [e, t] of events) if (t < 6000) subtasks[owner(e[0])]!.processElement(e, t);
      // Subtask 0 has seen no watermark; subtask 1 is at 4999.
      subtasks[1]!.processWatermark(4999);
      const [a, b] = subtasks.map((h) => h.snapshot()) as [OperatorSnapshot, OperatorSnapshot];
      const keyedA = a.keyed as KeyedStateSnapshot;
      const keyedB = b.keyed as KeyedStateSnapshot;
      const merged: OperatorSnapshot = {
        ...b,
        subtaskIndex: 0,
        keyed: { ...keyedA, keyGroupRange: { start: 0, end: 127 }, keyGroups: [...keyedA.keyGroups, ...keyedB.keyGroups] },
      };
      const restored = harness(general, { restoreFrom: merged });
      for (const [e, t] of events) if (t >= 6000) restored.processElement(e, t);
      restored.processWatermark(Number.MAX_SAFE_INTEGER);
      const results = (hs: KeyedOperatorHarness<Event, string>[]) =>
        hs.flatMap((h) => h.elements().filter((x) => 'value' in x).map((x) => JSON.stringify(x))).sort();
      expect({ general, results: results([...subtasks, restored]) }).toEqual({ general, results: results([one]) });
    }
  });

  // Changing the operator so it leaves the pane path (allowed lateness, a custom trigger) and restoring
  // a pane snapshot: the rings are restored into a state nobody reads, and the in-flight windows vanish.
  it('a pane snapshot restored into the per-window path keeps its windows, or the restore fails', () => {
    const steps: Step[] = [
      ['e', ['a', 1], 500],
      ['e', ['a', 2], 1500],
      ['w', 999],
    ];
    const panes = harness(false);
    run(panes, steps);
    const uninterrupted = harness(false);
    run(uninterrupted, steps);
    uninterrupted.clearOutput();
    uninterrupted.processWatermark(10_000);

    let restored: KeyedOperatorHarness<Event, string> | undefined;
    try {
      restored = harness(true, { restoreFrom: panes.snapshot() });
    } catch (error) {
      expect(error).toBeInstanceOf(StateError);
      return;
    }
    restored.processWatermark(10_000);
    expect(restored.records()).toEqual(expect.arrayContaining(uninterrupted.records()));
    expect(restored.records().length).toBe(uninterrupted.records().length);
  });

  // Two live panes whose indexes differ by 2^m share a slot under every mask up to 2^m - 1: the ring
  // doubles to 2^(m+1) slots for them. At a distance of a multiple of 2^32 panes no mask separates them
  // (`&` works on 32 bits), and grow() doubles until allocation fails (not run here: it exhausts memory).
  it('keep a key ring small when one element is far ahead of the others', () => {
    const panes = harness(false);
    panes.processElement(['a', 1], 0);
    panes.processElement(['a', 2], 65_536 * 1000);
    const ring = ringOf(panes.snapshot(), 'a');
    expect(ring.length).toBeLessThanOrEqual(64);
  });

  // Passing checks (kept as coverage for the review): negative timestamps and offsets, pane indexes
  // beyond 2^31 and near 2^53, out-of-order panes.
  it.each([
    [3000, 1000, -300],
    [3000, 1000, 700],
    [10_000, 2000, -1999],
  ])('match the per-window path with negative timestamps, size %i, slide %i, offset %i', (size, slide, offset) => {
    const steps: Step[] = [];
    let seed = 5;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let watermark = -20_000;
    for (let i = 0; i < 600; i++) {
      const ts = Math.floor(-15_000 + i * 40 + rand() * 4000 - 2000 - (i % 19 === 0 ? 5000 : 0));
      steps.push(['e', [`k${Math.floor(rand() * 4)}`, Math.floor(rand() * 10)], ts]);
      if (i % 13 === 12) steps.push(['w', (watermark = Math.max(watermark, -15_000 + i * 40 - 1500))]);
    }
    steps.push(['w', Number.MAX_SAFE_INTEGER]);
    expectSameAsGeneral(steps, { size, slide, offset });
  });

  it.each([2 ** 31 * 1000, 2 ** 32 * 1000 + 500, 2 ** 52, Number.MAX_SAFE_INTEGER - 2500])(
    'match the per-window path around timestamp %i',
    (base) => {
      const steps: Step[] = [
        ['e', ['a', 1], base],
        ['e', ['b', 2], base + 1000],
        ['e', ['a', 3], base - 1000],
        ['w', base],
        ['e', ['a', 4], base - 1500],
        ['e', ['b', 5], base + 2000],
        ['w', base + 1500],
        ['w', Number.MAX_SAFE_INTEGER],
      ].filter((s) => (s[0] === 'w' ? (s[1] as number) : (s[2] as number)) <= Number.MAX_SAFE_INTEGER) as Step[];
      expectSameAsGeneral(steps);
    },
  );

  // Coverage (passes): rings and accumulators mutated in place after a view (in-place add/merge,
  // ring growth, slot reuse, emptied rings) do not change what the full and delta views encode.
  it('checkpoint views keep what they captured while rings change in place', async () => {
    const inPlace: AggregateFunction<Event, { sum: number; n: number }, string> = {
      createAccumulator: () => ({ sum: 0, n: 0 }),
      add: (e, acc) => ((acc.sum += e[1]), (acc.n += 1), acc),
      getResult: (acc) => `${acc.sum}/${acc.n}`,
      merge: (a, b) => ((a.sum += b.sum), (a.n += b.n), a),
    };
    const h = windowOperatorHarness<Event, string, string, TimeWindow>({
      keySelector: (e) => e[0],
      assigner: SlidingEventTimeWindows.of(3000, 1000) as never,
      aggregate: inPlace as AggregateFunction<Event, unknown, unknown>,
    }) as KeyedOperatorHarness<Event, string>;
    const backend = h.keyedBackend as unknown as {
      checkpointView(id: number, o: { incremental: boolean; compactEvery: number }): Parameters<typeof persistView>[0];
      snapshot(): KeyedStateSnapshot;
    };
    let seed = 3;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let t = 0;
    const chain: Awaited<ReturnType<typeof persistView>>[] = [];
    for (let round = 1; round <= 4; round++) {
      for (let i = 0; i < 300; i++, t += 7) {
        const ahead = i % 50 === 0 ? Math.floor(rand() * 30_000) : 0;
        h.processElement([`k${Math.floor(rand() * 20)}`, Math.floor(rand() * 10)], t + Math.floor(rand() * 2000) + ahead);
        if (i % 40 === 39) h.processWatermark(t - 1000);
      }
      const view = backend.checkpointView(round, { incremental: true, compactEvery: 10 });
      const expected = canonical(backend.snapshot());
      // Change everything the view holds before it is encoded.
      for (let i = 0; i < 300; i++, t += 7) {
        h.processElement([`k${Math.floor(rand() * 20)}`, Math.floor(rand() * 10)], t + Math.floor(rand() * 2000));
        if (i % 40 === 39) h.processWatermark(t - 1000);
      }
      chain.push(await persistView(view));
      const restored = restoreViews(KeyGroupRange.forOperator(128, 1, 0), [chain]);
      expect(canonical(restored.snapshot())).toEqual(expected);
    }
  });

  // Coverage (passes): keys that go quiet leave no ring behind, also after a restore.
  it('drop every ring once the windows of its panes fired', () => {
    const h = harness(false);
    for (let i = 0; i < 200; i++) h.processElement([`k${i % 37}`, 1], i * 61 + (i % 9 === 0 ? 20_000 : 0));
    h.processWatermark(5000);
    const restored = h.restoreFresh(h.snapshot());
    restored.processWatermark(40_000);
    const rings = (restored.snapshot().keyed as KeyedStateSnapshot).keyGroups.flatMap((g) =>
      g.states.filter((s) => s.name === WINDOW_PANES_STATE).flatMap((s) => s.rows),
    );
    expect(rings).toEqual([]);
  });
});
