import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import type { StreamEnvironmentOptions } from '../../../src/api/stream-environment-options.js';
import { ConfigError } from '../../../src/errors/config-error.js';
import { ErrorCodes, type ErrorCode } from '../../../src/errors/error-codes.js';
import { WatermarkStrategy } from '../../../src/time/watermark-strategy.js';

function expectConfigError(fn: () => unknown, code: ErrorCode): ConfigError {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).code).toBe(code);
  return error as ConfigError;
}

const create = (options: StreamEnvironmentOptions) => () => StreamEnvironment.create(options);

describe('StreamEnvironment options', () => {
  it('defaults to parallelism 1, maxParallelism 128 and a 200 ms watermark interval', () => {
    const env = StreamEnvironment.create();
    expect(env.parallelism).toBe(1);
    expect(env.maxParallelism).toBe(128);
    expect(env.autoWatermarkInterval).toBe(200);
  });

  it.each([0, -1, 1.5, NaN, '2'])('rejects parallelism %s with WEIR_INVALID_PARALLELISM', (parallelism) => {
    expectConfigError(create({ parallelism: parallelism as number }), ErrorCodes.INVALID_PARALLELISM);
  });

  it('rejects parallelism above maxParallelism with WEIR_INVALID_PARALLELISM', () => {
    const error = expectConfigError(create({ parallelism: 9, maxParallelism: 8 }), ErrorCodes.INVALID_PARALLELISM);
    expect(error.message).toContain('9');
  });

  it('accepts parallelism equal to maxParallelism', () => {
    expect(StreamEnvironment.create({ parallelism: 8, maxParallelism: 8 }).parallelism).toBe(8);
  });

  it.each([0, 32769, 2.5, -4])('rejects maxParallelism %s with WEIR_INVALID_MAX_PARALLELISM', (maxParallelism) => {
    expectConfigError(create({ maxParallelism }), ErrorCodes.INVALID_MAX_PARALLELISM);
  });

  it('accepts maxParallelism 1 and 32768', () => {
    expect(StreamEnvironment.create({ maxParallelism: 1 }).maxParallelism).toBe(1);
    expect(StreamEnvironment.create({ maxParallelism: 32768 }).maxParallelism).toBe(32768);
  });

  it.each([-1, NaN, 1.5, Infinity])('rejects autoWatermarkInterval %s with WEIR_INVALID_DURATION', (interval) => {
    expectConfigError(create({ autoWatermarkInterval: interval }), ErrorCodes.INVALID_DURATION);
  });

  it('accepts autoWatermarkInterval 0 (periodic emission off)', () => {
    expect(StreamEnvironment.create({ autoWatermarkInterval: 0 }).autoWatermarkInterval).toBe(0);
  });

  it.each([0, -5, 0.5])('rejects timeSliceMs %s with WEIR_INVALID_DURATION', (timeSliceMs) => {
    expectConfigError(create({ timeSliceMs }), ErrorCodes.INVALID_DURATION);
  });

  it.each([0, 2.5, -1])('rejects sourceChunkSize %s with WEIR_INVALID_ARGUMENT', (sourceChunkSize) => {
    expectConfigError(create({ sourceChunkSize }), ErrorCodes.INVALID_ARGUMENT);
  });

  it('rejects options that are not an object with WEIR_INVALID_ARGUMENT', () => {
    expectConfigError(() => StreamEnvironment.create(null as never), ErrorCodes.INVALID_ARGUMENT);
  });
});

describe('watermark strategy durations', () => {
  it.each([-1, NaN, 1.5])('forBoundedOutOfOrderness(%s) throws WEIR_INVALID_DURATION', (bound) => {
    expectConfigError(() => WatermarkStrategy.forBoundedOutOfOrderness(bound), ErrorCodes.INVALID_DURATION);
  });

  it.each([0, -1, NaN, 2.5])('withIdleness(%s) throws WEIR_INVALID_DURATION', (timeout) => {
    expectConfigError(() => WatermarkStrategy.forMonotonousTimestamps().withIdleness(timeout), ErrorCodes.INVALID_DURATION);
  });

  it('forBoundedOutOfOrderness(0) and withIdleness(1) are accepted', () => {
    expect(() => WatermarkStrategy.forBoundedOutOfOrderness(0).withIdleness(1)).not.toThrow();
  });
});

describe('setParallelism', () => {
  const mapped = () => StreamEnvironment.create({ maxParallelism: 16 }).fromArray([1]).map((x) => x);

  it.each([0, 1.5, 17, -1, NaN])('on an operator rejects %s with WEIR_INVALID_PARALLELISM', (parallelism) => {
    expectConfigError(() => mapped().setParallelism(parallelism), ErrorCodes.INVALID_PARALLELISM);
  });

  it.each([0, 1.5, 17])('on a sink rejects %s with WEIR_INVALID_PARALLELISM', (parallelism) => {
    expectConfigError(() => mapped().print('', () => {}).setParallelism(parallelism), ErrorCodes.INVALID_PARALLELISM);
  });

  it('on a source that cannot split is refused with WEIR_INVALID_PARALLELISM; generator and array sources split', () => {
    const env = StreamEnvironment.create();
    expectConfigError(() => env.fromIterable(new Set([1])).setParallelism(2), ErrorCodes.INVALID_PARALLELISM);
    expectConfigError(() => env.fromObservable(of(1)).setParallelism(2), ErrorCodes.INVALID_PARALLELISM);
    expect(() => env.fromArray([1]).setParallelism(2)).not.toThrow();
    expect(() => env.fromGenerator({ count: 3, generate: (i) => i }).setParallelism(3)).not.toThrow();
  });

  it('accepts 1..maxParallelism', () => {
    expect(() => mapped().setParallelism(16)).not.toThrow();
    expect(() => mapped().setParallelism(1)).not.toThrow();
  });
});

describe('execute()', () => {
  it('a second call throws WEIR_JOB_ALREADY_EXECUTED', async () => {
    const env = StreamEnvironment.create();
    env.fromArray([1]).collect();
    const job = env.execute();
    expectConfigError(() => env.execute(), ErrorCodes.JOB_ALREADY_EXECUTED);
    await job.result;
    expectConfigError(() => env.execute(), ErrorCodes.JOB_ALREADY_EXECUTED);
  });

  it('a job with no sink throws WEIR_INVALID_JOB_GRAPH', () => {
    const env = StreamEnvironment.create();
    env.fromArray([1, 2]).map((x) => x + 1);
    const error = expectConfigError(() => env.execute(), ErrorCodes.INVALID_JOB_GRAPH);
    expect(error.message).toContain('sink');
  });

  it('an empty job throws WEIR_INVALID_JOB_GRAPH', () => {
    expectConfigError(() => StreamEnvironment.create().execute(), ErrorCodes.INVALID_JOB_GRAPH);
  });

  it('two operators with the same uid throw WEIR_DUPLICATE_UID naming the uid', () => {
    const env = StreamEnvironment.create();
    const source = env.fromArray([1, 2]);
    source.map((x) => x).uid('twice').collect();
    source.filter(() => true).uid('twice').collect();
    const error = expectConfigError(() => env.execute(), ErrorCodes.DUPLICATE_UID);
    expect(error.message).toContain("'twice'");
  });

  it('a sink and an operator with the same uid throw WEIR_DUPLICATE_UID', () => {
    const env = StreamEnvironment.create();
    env.fromArray([1]).map((x) => x).uid('same').collect();
    env.fromArray([2]).print('', () => {}).uid('same');
    expectConfigError(() => env.execute(), ErrorCodes.DUPLICATE_UID);
  });

  it('building more pipeline after execute() throws WEIR_INVALID_JOB_GRAPH', async () => {
    const env = StreamEnvironment.create();
    const source = env.fromArray([1]);
    source.collect();
    await env.execute().result;
    expectConfigError(() => source.map((x) => x), ErrorCodes.INVALID_JOB_GRAPH);
    expectConfigError(() => source.keyBy((x) => x).process({ processElement() {} }), ErrorCodes.INVALID_JOB_GRAPH);
  });
});
