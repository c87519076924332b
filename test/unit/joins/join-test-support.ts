import { expect } from 'vitest';
import { ConfigError } from '../../../src/errors/config-error.js';
import type { ErrorCode } from '../../../src/errors/error-codes.js';
import type { JobClient } from '../../../src/runtime/job-client.js';
import type { Millis } from '../../../src/time/time-types.js';
import { WatermarkStrategy } from '../../../src/time/watermark-strategy.js';

/** Runs `fn`, expects a ConfigError with `code` whose message matches every pattern, and returns it. */
export function expectConfigError(fn: () => unknown, code: ErrorCode, ...patterns: RegExp[]): ConfigError {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).code).toBe(code);
  for (const pattern of patterns) expect((error as ConfigError).message).toMatch(pattern);
  return error as ConfigError;
}

/** Timestamps from `timestamp`, and after each element the watermark `timestamp - 1` (Flink's punctuated test extractors). */
export function punctuated<T>(timestamp: (event: T) => Millis): WatermarkStrategy<T> {
  return WatermarkStrategy.forGenerator<T>(() => ({
    onEvent: (_event, ts, output) => output.emitWatermark(ts - 1),
    onPeriodicEmit() {},
  })).withTimestampAssigner(timestamp);
}

/** The error a job failed with (fails the test if it succeeded). */
export async function failure(job: JobClient): Promise<unknown> {
  return job.result.then(
    () => {
      throw new Error('expected the job to fail');
    },
    (error: unknown) => error,
  );
}

/** Sorts strings or records into a canonical order, for comparing multisets. */
export function multiset<T>(values: readonly T[]): T[] {
  return values
    .map((v) => [JSON.stringify(v), v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, v]) => v);
}
