import { describe, expect, it } from 'vitest';
import { windowOperatorHarness } from '../../../../src/testing/window-operator-harness.js';
import { MAX_TIMESTAMP } from '../../../../src/time/time-types.js';
import { GlobalWindows } from '../../../../src/windowing/assigners/global-windows.js';
import { TumblingEventTimeWindows } from '../../../../src/windowing/assigners/tumbling-event-time-windows.js';
import type { WindowAssigner } from '../../../../src/windowing/assigners/window-assigner.js';
import { CountEvictor } from '../../../../src/windowing/evictors/count-evictor.js';
import { DeltaEvictor } from '../../../../src/windowing/evictors/delta-evictor.js';
import type { Evictor } from '../../../../src/windowing/evictors/evictor.js';
import { TimeEvictor } from '../../../../src/windowing/evictors/time-evictor.js';
import { CountTrigger } from '../../../../src/windowing/triggers/count-trigger.js';
import type { Trigger } from '../../../../src/windowing/triggers/trigger.js';
import type { Window } from '../../../../src/windowing/windows/window.js';
import {
  byKey,
  el,
  expectOutput,
  expectSameOutputAcrossRestores,
  rec,
  richSum,
  runThrough,
  sumPairs,
  toWm,
  wm,
  type Lifecycle,
  type Pair,
  type Step,
} from './window-test-support.js';

// Flink's EvictingWindowOperatorTest: evictors run before or after the window function, and what
// they evict is gone from the window for good.

const global = GlobalWindows.create() as WindowAssigner<Pair, Window>;
const tumbling4s = TumblingEventTimeWindows.of(4_000) as WindowAssigner<Pair, Window>;

function evicting(
  assigner: WindowAssigner<Pair, Window>,
  trigger: Trigger<Pair, Window>,
  evictor: Evictor<Pair, Window>,
  fn: 'process' | 'reduce' = 'process',
  lifecycle?: Lifecycle,
) {
  return () =>
    fn === 'reduce'
      ? windowOperatorHarness<Pair, Pair, string, Window>({ keySelector: byKey, assigner, trigger, evictor, reduce: sumPairs })
      : windowOperatorHarness<Pair, Pair, string, Window>({ keySelector: byKey, assigner, trigger, evictor, process: richSum(lifecycle) });
}

const atEnd = (key: string, sum: number) => rec<Pair>([key, sum], MAX_TIMESTAMP);
const every2 = () => CountTrigger.of<Window>(2);

/** Flink's input of most evicting tests, with the values and timestamps of each test. */
function input(values: number[], timestamps: (number | undefined)[], keys = 'key2 key2 key1 key1 key1 key2 key2 key2 key1 key2') {
  return keys.split(' ').map((key, i) => el<Pair>([key, values[i]!], timestamps[i]));
}
const ones = Array.from({ length: 10 }, () => 1);
const countTimestamps = [3000, 3999, 20, 0, 999, 1998, 1999, 1000, 10999, 1000];

describe('sliding count windows: global windows, count trigger (2) and count evictor (4)', () => {
  const steps = input(ones, countTimestamps);
  const expected = [atEnd('key2', 2), atEnd('key2', 4), atEnd('key1', 2), atEnd('key1', 4), atEnd('key2', 4)];

  it('with reduce: every second element, reduces the last four (countWindow(4, 2))', () => {
    expectOutput(expectSameOutputAcrossRestores(evicting(global, every2(), CountEvictor.of(4), 'reduce'), steps).main, expected);
  });

  it('with process: evaluates the last four elements, opening and closing the function once', () => {
    const lifecycle = { opened: 0, closed: 0 };
    expectOutput(runThrough(evicting(global, every2(), CountEvictor.of(4), 'process', lifecycle), steps).main, expected);
    expect(lifecycle).toEqual({ opened: 1, closed: 1 });
    expectSameOutputAcrossRestores(evicting(global, every2(), CountEvictor.of(4)), steps);
  });
});

describe('count evictor after the function', () => {
  it('evaluates everything, then keeps the last four', () => {
    const steps = [...input(ones, countTimestamps), el<Pair>(['key2', 1], 1000), el<Pair>(['key2', 1], 1000)];
    const out = expectSameOutputAcrossRestores(evicting(global, every2(), CountEvictor.of(4, { doEvictAfter: true })), steps);
    expectOutput(out.main, [
      atEnd('key2', 2),
      atEnd('key2', 4),
      atEnd('key1', 2),
      atEnd('key1', 4),
      atEnd('key2', 6),
      atEnd('key2', 6),
    ]);
  });
});

describe('time evictor', () => {
  it('after the function: keeps the elements of the last 2 s before the newest', () => {
    const steps = input(ones, [1000, 4000, 20, 0, 999, 3500, 2001, 1001, 10999, 1002]);
    const out = expectSameOutputAcrossRestores(evicting(global, every2(), TimeEvictor.of(2_000, { doEvictAfter: true })), steps);
    expectOutput(out.main, [atEnd('key2', 2), atEnd('key1', 2), atEnd('key2', 3), atEnd('key1', 4), atEnd('key2', 5)]);
  });

  it('before the function, on tumbling windows: evaluates only the last 2 s of each window', () => {
    const steps: Step<Pair>[] = [
      el(['key2', 1], 1000),
      el(['key2', 1], 3999),
      el(['key1', 1], 20),
      el(['key1', 1], 0),
      el(['key1', 1], 999),
      el(['key1', 1], 5999),
      el(['key2', 1], 3500),
      el(['key2', 1], 2001),
      el(['key2', 1], 1001),
      el(['key1', 1], 6500),
      el(['key2', 1], 1002),
    ];
    const out = expectSameOutputAcrossRestores(evicting(tumbling4s, every2(), TimeEvictor.of(2_000)), steps);
    expectOutput(out.main, [
      rec<Pair>(['key2', 1], 3999),
      rec<Pair>(['key1', 2], 3999),
      rec<Pair>(['key2', 3], 3999),
      rec<Pair>(['key1', 2], 7999),
      rec<Pair>(['key2', 3], 3999),
    ]);
  });

  it('evicts nothing from elements without timestamps', () => {
    const steps = input(ones, []);
    const out = expectSameOutputAcrossRestores(evicting(global, every2(), TimeEvictor.of(2_000, { doEvictAfter: true })), steps);
    expectOutput(out.main, [atEnd('key2', 2), atEnd('key1', 2), atEnd('key2', 4), atEnd('key1', 4), atEnd('key2', 6)]);
  });
});

describe('delta evictor (threshold 2, delta = newest - element)', () => {
  const values = [1, 4, 1, 1, 5, 5, 6, 1];
  const delta = (older: Pair, newer: Pair) => newer[1] - older[1];

  it('before the function: evaluates only elements close to the newest', () => {
    const steps = input([...values, 3, 10], countTimestamps);
    const out = expectSameOutputAcrossRestores(evicting(global, every2(), DeltaEvictor.of(2, delta)), steps);
    expectOutput(out.main, [atEnd('key2', 4), atEnd('key2', 11), atEnd('key1', 2), atEnd('key1', 8), atEnd('key2', 10)]);
  });

  it('after the function: evaluates everything, then drops elements far from the newest', () => {
    const steps = input([...values, 9, 10], countTimestamps);
    const out = expectSameOutputAcrossRestores(evicting(global, every2(), DeltaEvictor.of(2, delta, { doEvictAfter: true })), steps);
    expectOutput(out.main, [atEnd('key2', 5), atEnd('key2', 15), atEnd('key1', 2), atEnd('key1', 16), atEnd('key2', 22)]);
  });
});

describe('count evictor on tumbling event-time windows', () => {
  it('evaluates the last four elements of the window when it fires', () => {
    const steps: Step<Pair>[] = [
      el(['key1', 1], 10),
      el(['key1', 1], 100),
      toWm(1999),
      el(['key1', 1], 1997),
      el(['key1', 1], 1998),
      el(['key1', 1], 2310),
      el(['key1', 1], 2310),
      el(['key2', 1], 2310),
      el(['key2', 1], 2310),
      toWm(3999),
    ];
    const lifecycle = { opened: 0, closed: 0 };
    const create = evicting(tumbling4s, tumbling4s.defaultTrigger(), CountEvictor.of(4), 'process', lifecycle);
    expectOutput(runThrough(create, steps).main, [wm(1999), rec<Pair>(['key1', 4], 3999), rec<Pair>(['key2', 2], 3999), wm(3999)]);
    expect(lifecycle.closed).toBe(1);
    expectSameOutputAcrossRestores(create, steps);
  });
});
