import { isImplicitTimersMarker } from '../../../../src/windowing/operator/implicit-window-timers.js';
import { expect } from 'vitest';
import type { OutputTag } from '../../../../src/api/output-tag.js';
import type { OperatorSnapshot } from '../../../../src/runtime/operator-snapshot.js';
import type { HarnessElement, HarnessRecord } from '../../../../src/testing/harness-output.js';
import type { KeyedOperatorHarness } from '../../../../src/testing/keyed-operator-harness.js';
import { sortBetweenWatermarks } from '../../../../src/testing/sort-between-watermarks.js';
import type { ProcessWindowFunction } from '../../../../src/windowing/functions/process-window-function.js';
import { LATE_RECORDS_DROPPED } from '../../../../src/windowing/operator/window-operator.js';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import type { Window } from '../../../../src/windowing/windows/window.js';

// TimeWindow caches its key lazily, so two equal windows can differ in a field: compare them by bounds.
expect.addEqualityTesters([
  (a: unknown, b: unknown) => (a instanceof TimeWindow && b instanceof TimeWindow ? a.equals(b) : undefined),
]);

/** Flink's `Tuple2<String, Integer>` of the window operator tests. */
export type Pair = readonly [key: string, value: number];
/** Flink's `Tuple3<String, Long, Long>` of the session tests: "key-sum", window start, window end. */
export type Session = readonly [label: string, start: number, end: number];

/** Flink's TupleKeySelector. */
export const byKey = (pair: Pair): string => pair[0];

/** Flink's SumReducer: `(v2.f0, v1.f1 + v2.f1)`. */
export const sumPairs = (a: Pair, b: Pair): Pair => [b[0], a[1] + b[1]];

/** A record of the main output. */
export const rec = <T>(value: T, timestamp?: number): HarnessElement<T> => ({ kind: 'record', value, timestamp });
/** A watermark in the main output. */
export const wm = (timestamp: number): HarnessElement<never> => ({ kind: 'watermark', timestamp });

/** Flink's assertOutputEqualsSorted: watermarks in place, records between them as a multiset. */
export function expectOutput<T>(actual: readonly HarnessElement<T>[], expected: readonly HarnessElement<T>[]): void {
  expect(sortBetweenWatermarks(actual)).toEqual(sortBetweenWatermarks(expected));
}

/** Side-output records in any order (Flink compares them sorted). */
export function expectSide<T>(actual: readonly HarnessRecord<T>[], expected: readonly HarnessRecord<T>[]): void {
  const order = (r: HarnessRecord<T>) => `${String(r.timestamp).padStart(20, '0')}|${JSON.stringify(r.value)}`;
  expect([...actual].sort((a, b) => order(a).localeCompare(order(b)))).toEqual(
    [...expected].sort((a, b) => order(a).localeCompare(order(b))),
  );
}

/** Opens and closes of a function across operator instances (Flink's closeCalled counter). */
export interface Lifecycle {
  opened: number;
  closed: number;
}

/** Flink's RichSumReducer as a process window function: emits (key, sum), checks it was opened first. */
export function richSum<W extends Window>(lifecycle: Lifecycle = { opened: 0, closed: 0 }): ProcessWindowFunction<Pair, Pair, string, W> {
  let open = false;
  return {
    open() {
      open = true;
      lifecycle.opened++;
    },
    process(key, _ctx, elements, out) {
      if (!open) throw new Error('process() before open()');
      out.collect([key, elements.reduce((s, e) => s + e[1], 0)]);
    },
    close() {
      lifecycle.closed++;
    },
  };
}

/** Flink's SessionWindowFunction: ("key-sum", start, end). */
export const sessionSum: ProcessWindowFunction<Pair, Session, string, TimeWindow> = {
  process(key, ctx, elements, out) {
    out.collect([`${key}-${elements.reduce((s, e) => s + e[1], 0)}`, ctx.window.start, ctx.window.end]);
  },
};

/** Flink's ReducedSessionWindowFunction: ("key-value", start, end) for the one reduced value. */
export const reducedSession: ProcessWindowFunction<Pair, Session, string, TimeWindow> = {
  process(key, ctx, elements, out) {
    for (const e of elements) out.collect([`${key}-${e[1]}`, ctx.window.start, ctx.window.end]);
  },
};

/** One input step: an element (with an optional timestamp), a watermark, or a processing-time move. */
export type Step<IN> =
  | { readonly element: IN; readonly ts?: number }
  | { readonly watermark: number }
  | { readonly processingTime: number };

export const el = <IN>(element: IN, ts?: number): Step<IN> => ({ element, ts });
export const toWm = <IN>(watermark: number): Step<IN> => ({ watermark });
export const toTime = <IN>(processingTime: number): Step<IN> => ({ processingTime });

/** Feeds `steps` to `h`. */
export function replay<IN, OUT>(h: KeyedOperatorHarness<IN, OUT>, steps: readonly Step<IN>[]): void {
  for (const step of steps) {
    if ('element' in step) h.processElement(step.element, step.ts);
    else if ('watermark' in step) h.processWatermark(step.watermark);
    else h.setProcessingTime(step.processingTime);
  }
}

/** What one run produced. */
export interface RunOutput<OUT> {
  readonly main: HarnessElement<OUT>[];
  readonly late: HarnessRecord<unknown>[];
  readonly lateDropped: number;
}

function outputOf<IN, OUT>(h: KeyedOperatorHarness<IN, OUT>, lateTag: OutputTag<unknown> | undefined): RunOutput<OUT> {
  return {
    main: h.elements(),
    late: lateTag === undefined ? [] : h.sideOutput(lateTag),
    lateDropped: h.metrics.counter(LATE_RECORDS_DROPPED).count,
  };
}

/**
 * Runs `steps` through one harness until step `at`, snapshots, restores a
 * fresh instance from the snapshot and continues there; returns both parts'
 * outputs, concatenated.
 *
 * The watermark is not part of a snapshot (as in Flink, where recovery
 * starts the timer service at Long.MIN_VALUE and upstream re-establishes
 * it): the restored instance first gets the last watermark sent before the
 * snapshot again, as a replaying upstream would send it. That repeated
 * watermark is left out of the output.
 */
export function runWithRestoreAt<IN, OUT>(
  create: () => KeyedOperatorHarness<IN, OUT>,
  steps: readonly Step<IN>[],
  at: number,
  lateTag?: OutputTag<unknown>,
  options: RestoreOptions<IN, OUT> = {},
): RunOutput<OUT> {
  const first = create();
  replay(first, steps.slice(0, at));
  const snapshot = first.snapshot();
  const before = outputOf(first, lateTag);
  first.close();
  const second = options.restoreWith?.(snapshot) ?? first.restoreFresh(snapshot);
  const lastWatermark =
    options.resendWatermark === false
      ? undefined
      : steps.slice(0, at).reduce<number | undefined>((w, s) => ('watermark' in s ? s.watermark : w), undefined);
  if (lastWatermark !== undefined) second.processWatermark(lastWatermark);
  replay(second, steps.slice(at));
  const after = outputOf(second, lateTag);
  if (lastWatermark !== undefined) {
    after.main.splice(after.main.findIndex((e) => e.kind === 'watermark' && e.timestamp === lastWatermark), 1);
  }
  second.close();
  return {
    main: [...before.main, ...after.main],
    late: [...before.late, ...after.late],
    lateDropped: before.lateDropped + after.lateDropped,
  };
}

/** How {@link runWithRestoreAt} restores. */
export interface RestoreOptions<IN, OUT> {
  /** Send the last watermark again after the restore (default true). */
  readonly resendWatermark?: boolean;
  /** Builds the restored harness (default: a fresh instance of the same operator). */
  readonly restoreWith?: (snapshot: OperatorSnapshot) => KeyedOperatorHarness<IN, OUT>;
}

/** Runs `steps` uninterrupted. */
export function runThrough<IN, OUT>(
  create: () => KeyedOperatorHarness<IN, OUT>,
  steps: readonly Step<IN>[],
  lateTag?: OutputTag<unknown>,
): RunOutput<OUT> {
  const h = create();
  replay(h, steps);
  const out = outputOf(h, lateTag);
  h.close();
  return out;
}

/**
 * The checkpoint rule for every stateful scenario: snapshot after any step,
 * restore a fresh instance, continue — same output (watermarks in place,
 * records as a multiset between them), same late records, same drop count
 * as the uninterrupted run. Returns the uninterrupted run's output.
 */
export function expectSameOutputAcrossRestores<IN, OUT>(
  create: () => KeyedOperatorHarness<IN, OUT>,
  steps: readonly Step<IN>[],
  lateTag?: OutputTag<unknown>,
): RunOutput<OUT> {
  const reference = runThrough(create, steps, lateTag);
  for (let at = 0; at <= steps.length; at++) {
    const restored = runWithRestoreAt(create, steps, at, lateTag);
    expect(sortBetweenWatermarks(restored.main), `restored after step ${at}`).toEqual(sortBetweenWatermarks(reference.main));
    expectSide(restored.late, reference.late);
    expect(restored.lateDropped, `late records dropped, restored after step ${at}`).toBe(reference.lateDropped);
  }
  return reference;
}

type TimerRow = readonly [domain: number, key: unknown, namespace: unknown, time: number];

/** Flink's numKeyedStateEntries / numEventTimeTimers / numProcessingTimeTimers, read from a snapshot. */
export function stateCounts<IN, OUT>(h: KeyedOperatorHarness<IN, OUT>): { entries: number; eventTimers: number; processingTimers: number } {
  const snapshot = h.snapshot();
  const keyed = snapshot.keyed!;
  // Implicit window timers are not copied into snapshots: each windowed entry implies one.
  const implicit = isImplicitTimersMarker(snapshot.operatorState);
  let entries = 0;
  let eventTimers = 0;
  let processingTimers = 0;
  for (const group of keyed.keyGroups) {
    for (const state of group.states) {
      entries += state.rows.length;
      if (implicit) eventTimers += state.rows.filter((row) => row[1] !== null).length;
    }
    for (const section of group.sections) {
      for (const row of section.rows as readonly TimerRow[]) {
        if (row[0] === 0) eventTimers++;
        else processingTimers++;
      }
    }
  }
  return { entries, eventTimers, processingTimers };
}
