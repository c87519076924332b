import { expect } from 'vitest';
import { ConfigError } from '../../../../src/errors/config-error.js';
import type { ErrorCode } from '../../../../src/errors/error-codes.js';
import type { WindowAssignerContext } from '../../../../src/windowing/assigners/window-assigner.js';
import { mergeTimeWindows, type MergeCallback } from '../../../../src/windowing/assigners/merge-time-windows.js';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';

/** Windows as `[start, end]` pairs, in the order given. */
export function spans(windows: readonly TimeWindow[]): Array<[number, number]> {
  return windows.map((w) => [w.start, w.end]);
}

/** An assigner context whose processing time the test sets. */
export class TestAssignerContext implements WindowAssignerContext {
  reads = 0;
  constructor(public now = 0) {}
  currentProcessingTime(): number {
    this.reads++;
    return this.now;
  }
}

/** Asserts `run` throws a ConfigError with `code` and a message matching every pattern. */
export function expectConfigError(run: () => unknown, code: ErrorCode, ...patterns: RegExp[]): ConfigError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  const error = thrown as ConfigError;
  expect(error.code).toBe(code);
  for (const pattern of patterns) expect(error.message).toMatch(pattern);
  return error;
}

type Span = [number, number];
type MergeFunction = (windows: readonly TimeWindow[], merge: MergeCallback<TimeWindow>) => void;

/** One merge callback: the group (sorted) and the result. */
export interface MergeCall {
  group: Span[];
  result: Span;
}

/** Runs mergeTimeWindows on `[start, end)` pairs; each call's group sorted for comparison. */
export function merges(windows: Span[], merge: MergeFunction = mergeTimeWindows): MergeCall[] {
  const calls: MergeCall[] = [];
  merge(
    windows.map(([start, end]) => new TimeWindow(start, end)),
    (group, result) => {
      const spans = group.map((w): Span => [w.start, w.end]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      calls.push({ group: spans, result: [result.start, result.end] });
    },
  );
  return calls;
}
