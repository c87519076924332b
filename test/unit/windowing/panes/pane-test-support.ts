import { expect } from 'vitest';
import { OutputTag } from '../../../../src/api/output-tag.js';
import type { AggregateFunction } from '../../../../src/state/aggregate-function.js';
import type { KeyedOperatorHarness } from '../../../../src/testing/keyed-operator-harness.js';
import { sortBetweenWatermarks } from '../../../../src/testing/sort-between-watermarks.js';
import { windowOperatorHarness } from '../../../../src/testing/window-operator-harness.js';
import { SlidingEventTimeWindows } from '../../../../src/windowing/assigners/sliding-event-time-windows.js';
import { EventTimeTrigger } from '../../../../src/windowing/triggers/event-time-trigger.js';
import type { Trigger } from '../../../../src/windowing/triggers/trigger.js';
import type { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import type { OperatorSnapshot } from '../../../../src/runtime/operator-snapshot.js';

/** Shared by the sliding-pane tests: a keyed event, a script step, and harnesses for the pane and per-window paths. */
export type Event = readonly [key: string, value: number];
export type Step = ['e', Event, number] | ['w', number];

/** Sum and count: a non-trivial accumulator that merge() must not alias. */
export const sumAndCount: AggregateFunction<Event, { sum: number; n: number }, string> = {
  createAccumulator: () => ({ sum: 0, n: 0 }),
  add: (e, acc) => ({ sum: acc.sum + e[1], n: acc.n + 1 }),
  getResult: (acc) => `${acc.sum}/${acc.n}`,
  merge: (a, b) => {
    a.sum += b.sum;
    a.n += b.n;
    return a;
  },
};

/** EventTimeTrigger's rules without its `kind` marker: forces the operator's general path. */
export function generalEventTimeTrigger(): Trigger<Event, TimeWindow> {
  const inner = EventTimeTrigger.create();
  return {
    onElement: (e, t, w, c) => inner.onElement(e, t, w, c),
    onEventTime: (t, w, c) => inner.onEventTime(t, w, c),
    onProcessingTime: (t, w, c) => inner.onProcessingTime(t, w, c),
    canMerge: () => true,
    onMerge: (w, c) => inner.onMerge!(w, c),
    clear: (w, c) => inner.clear(w, c),
  };
}

/** The late-data side output of every harness here. */
export const late = new OutputTag<Event>('late');

/** The window definition and subtask of a harness. */
export interface Shape {
  size?: number;
  slide?: number;
  offset?: number;
  subtaskIndex?: number;
  parallelism?: number;
  restoreFrom?: OperatorSnapshot;
}

/** The pane path, or with `general` the per-window path (a trigger without EventTimeTrigger's marker). */
export function harness(general: boolean, shape: Shape = {}): KeyedOperatorHarness<Event, string> {
  const { size = 3000, slide = 1000, offset = 0, subtaskIndex, parallelism, restoreFrom } = shape;
  return windowOperatorHarness<Event, string, string, TimeWindow>({
    keySelector: (e) => e[0],
    assigner: SlidingEventTimeWindows.of(size, slide, offset) as never,
    ...(general ? { trigger: generalEventTimeTrigger() } : {}),
    lateDataTag: late,
    aggregate: sumAndCount as AggregateFunction<Event, unknown, unknown>,
    ...(subtaskIndex === undefined ? {} : { subtaskIndex }),
    ...(parallelism === undefined ? {} : { parallelism }),
    ...(restoreFrom === undefined ? {} : { restoreFrom }),
  }) as KeyedOperatorHarness<Event, string>;
}

/** Feeds `steps` (elements and watermarks) to a harness. */
export function run(h: KeyedOperatorHarness<Event, string>, steps: readonly Step[]): void {
  for (const step of steps) {
    if (step[0] === 'e') h.processElement(step[1], step[2]);
    else h.processWatermark(step[1]);
  }
}

/** Runs `steps` through both paths and expects the same output, watermark positions and late output. */
export function expectSameAsGeneral(steps: readonly Step[], shape: Shape = {}): void {
  const panes = harness(false, shape);
  const general = harness(true, shape);
  run(panes, steps);
  run(general, steps);
  expect(sortBetweenWatermarks(panes.elements())).toEqual(sortBetweenWatermarks(general.elements()));
  expect(panes.sideOutput(late)).toEqual(general.sideOutput(late));
}

