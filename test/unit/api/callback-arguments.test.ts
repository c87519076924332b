import { describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import type { KeyedProcessFunction } from '../../../src/api/keyed-process-function.js';
import { ConfigError } from '../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { WatermarkStrategy } from '../../../src/time/watermark-strategy.js';
import { thrown } from '../../support/thrown.js';

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */

function expectNotAFunction(fn: () => unknown): ConfigError {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).code).toBe(ErrorCodes.NOT_A_FUNCTION);
  return error as ConfigError;
}

const notFunctions: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['a number', 42],
  ['a string', 'x => x'],
  ['a plain object', {}],
];

const stream = () => StreamEnvironment.create().fromArray([1, 2, 3]);

describe('callbacks that are not functions are rejected when the pipeline is built', () => {
  it.each(notFunctions)('map(%s) throws ConfigError WEIR_NOT_A_FUNCTION', (_name, value) => {
    expectNotAFunction(() => stream().map(value as never));
  });

  it.each(notFunctions)('filter(%s) throws ConfigError WEIR_NOT_A_FUNCTION', (_name, value) => {
    expectNotAFunction(() => stream().filter(value as never));
  });

  it.each(notFunctions)('flatMap(%s) throws ConfigError WEIR_NOT_A_FUNCTION', (_name, value) => {
    expectNotAFunction(() => stream().flatMap(value as never));
  });

  it.each(notFunctions)('keyBy(%s) throws ConfigError WEIR_NOT_A_FUNCTION', (_name, value) => {
    expectNotAFunction(() => stream().keyBy(value as never));
  });

  it.each(notFunctions)('forEach(%s) throws ConfigError WEIR_NOT_A_FUNCTION', (_name, value) => {
    expectNotAFunction(() => stream().forEach(value as never));
  });

  it.each(notFunctions)('withTimestampAssigner(%s) throws ConfigError WEIR_NOT_A_FUNCTION', (_name, value) => {
    expectNotAFunction(() => WatermarkStrategy.forMonotonousTimestamps<number>().withTimestampAssigner(value as never));
  });

  it.each(notFunctions)('WatermarkStrategy.forGenerator(%s) throws ConfigError WEIR_NOT_A_FUNCTION', (_name, value) => {
    expectNotAFunction(() => WatermarkStrategy.forGenerator<number>(value as never));
  });

  it('names the bad value in the message', () => {
    const error = expectNotAFunction(() => stream().map(42 as never));
    expect(error.message).toContain('map function');
    expect(error.message).toContain('42');
  });
});

describe('process() checks its function object', () => {
  const keyed = () => stream().keyBy((x) => x % 2);

  it('rejects an object without processElement with WEIR_NOT_A_FUNCTION', () => {
    const error = expectNotAFunction(() => keyed().process({} as never));
    expect(error.message).toContain('processElement');
  });

  it.each(notFunctions)('rejects %s as the process function', (_name, value) => {
    expectNotAFunction(() => keyed().process(value as never));
  });

  it('rejects processElement that is not a function', () => {
    expectNotAFunction(() => keyed().process({ processElement: 'nope' } as never));
  });

  it.each(['open', 'onTimer', 'close'])('rejects a %s hook that is given but is not a function', (hook) => {
    const fn = { processElement() {}, [hook]: 1 } as unknown as KeyedProcessFunction<number, number, number>;
    const error = expectNotAFunction(() => keyed().process(fn));
    expect(error.message).toContain(hook);
  });

  it('accepts a function object with only processElement', () => {
    expect(() => keyed().process({ processElement() {} })).not.toThrow();
  });
});

describe('other bad arguments', () => {
  it('sinkTo without a Sink throws WEIR_INVALID_ARGUMENT', () => {
    const error = thrown(() => stream().sinkTo({} as never));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe(ErrorCodes.INVALID_ARGUMENT);
  });

  it('assignTimestampsAndWatermarks without a WatermarkStrategy throws WEIR_INVALID_ARGUMENT', () => {
    const error = thrown(() => stream().assignTimestampsAndWatermarks({} as never));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe(ErrorCodes.INVALID_ARGUMENT);
  });

  it('union with a stream of another environment throws WEIR_INVALID_ARGUMENT', () => {
    const error = thrown(() => stream().union(stream()));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe(ErrorCodes.INVALID_ARGUMENT);
  });

  it.each([
    ['fromArray', (env: StreamEnvironment) => env.fromArray('abc' as never)],
    ['fromIterable', (env: StreamEnvironment) => env.fromIterable(5 as never)],
    ['fromObservable', (env: StreamEnvironment) => env.fromObservable([1] as never)],
    ['fromGenerator', (env: StreamEnvironment) => env.fromGenerator({ count: -1, generate: (i) => i })],
    ['fromSource(null)', (env: StreamEnvironment) => env.fromSource(null as never)],
    ['fromSource without createReader', (env: StreamEnvironment) => env.fromSource({ name: 'x' } as never)],
  ])('%s with the wrong kind of input throws WEIR_INVALID_ARGUMENT', (_name, build) => {
    const error = thrown(() => build(StreamEnvironment.create()));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe(ErrorCodes.INVALID_ARGUMENT);
  });

  it('an empty uid throws WEIR_INVALID_ARGUMENT', () => {
    const error = thrown(() => stream().map((x) => x).uid(''));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe(ErrorCodes.INVALID_ARGUMENT);
  });
});
