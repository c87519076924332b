import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Subject } from 'rxjs';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import type { DataStream } from '../../../src/api/data-stream.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { UserFunctionError } from '../../../src/errors/user-function-error.js';
import type { JobClient } from '../../../src/runtime/job-client.js';
import { ManualClock } from '../../../src/time/manual-clock.js';
import { InvalidTimestampError } from '../../../src/time/time-types.js';
import { WatermarkStrategy } from '../../../src/time/watermark-strategy.js';
import { turns, until } from '../runtime/event-loop.js';

const boom = new Error('boom');
const throwing = () => {
  throw boom;
};

async function failure(job: JobClient): Promise<unknown> {
  return job.result.then(
    () => {
      throw new Error('expected the job to fail');
    },
    (error: unknown) => error,
  );
}

describe('a throwing user function fails the job with UserFunctionError', () => {
  /** What each case builds: any operator whose uid can be set and whose output can be collected. */
  type Built = { uid(uid: string): { collect(): unknown } };
  const cases: [string, (s: DataStream<number>) => Built][] = [
    ['map', (s) => s.map(throwing)],
    ['filter', (s) => s.filter(throwing)],
    ['flatMap', (s) => s.flatMap(throwing)],
    ['process', (s) => s.keyBy((x) => x).process({ processElement: throwing })],
  ];

  it.each(cases)('%s: code WEIR_USER_FUNCTION_FAILED, operator is the uid, cause is the thrown error', async (_name, build) => {
    const env = StreamEnvironment.create();
    build(env.fromArray([1, 2, 3])).uid('the-op').collect();
    const job = env.execute();
    const error = (await failure(job)) as UserFunctionError;
    expect(error).toBeInstanceOf(UserFunctionError);
    expect(error.code).toBe(ErrorCodes.USER_FUNCTION_FAILED);
    expect(error.operator).toBe('the-op');
    expect(error.cause).toBe(boom);
    expect(error.message).toContain("'the-op'");
    expect(error.message).toContain('boom');
    expect(job.status).toBe('FAILED');
  });

  it('a forEach callback that throws fails the job naming the sink', async () => {
    const env = StreamEnvironment.create();
    env.fromArray([1]).forEach(throwing).uid('the-sink');
    const error = (await failure(env.execute())) as UserFunctionError;
    expect(error).toBeInstanceOf(UserFunctionError);
    expect(error.operator).toBe('the-sink');
  });

  it('a non-Error throw is kept as the cause', async () => {
    const env = StreamEnvironment.create();
    env
      .fromArray([1])
      .map(() => {
        throw 'a string';
      })
      .collect();
    const error = (await failure(env.execute())) as UserFunctionError;
    expect(error).toBeInstanceOf(UserFunctionError);
    expect(error.cause).toBe('a string');
  });

  it('a throwing open() fails the job', async () => {
    const env = StreamEnvironment.create();
    env
      .fromArray([1])
      .keyBy((x) => x)
      .process({ open: throwing, processElement() {} })
      .uid('opens')
      .collect();
    const error = (await failure(env.execute())) as UserFunctionError;
    expect(error).toBeInstanceOf(UserFunctionError);
    expect(error.operator).toBe('opens');
  });

  it('a throwing processing-time onTimer fails the job', async () => {
    const clock = new ManualClock(0);
    const env = StreamEnvironment.create({ clock });
    const input = new Subject<number>();
    env
      .fromObservable(input)
      .keyBy((x) => x)
      .process({
        processElement: (_v, ctx) => ctx.timerService.registerProcessingTimeTimer(10),
        onTimer: throwing,
      })
      .uid('timed')
      .collect();
    const job = env.execute();
    input.next(1);
    await until(() => clock.pendingCount > 0);
    clock.advanceTo(10);
    const error = (await failure(job)) as UserFunctionError;
    expect(error.operator).toBe('timed');
    expect(error.cause).toBe(boom);
  });
});

describe('invalid timestamps fail the job with InvalidTimestampError', () => {
  it.each([1.5, NaN, 2 ** 60, '5', undefined])('a timestamp assigner returning %s', async (bad) => {
    const env = StreamEnvironment.create();
    env
      .fromArray([1, 2])
      .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<number>().withTimestampAssigner(() => bad as number))
      .uid('stamps')
      .collect();
    const job = env.execute();
    const error = (await failure(job)) as InvalidTimestampError;
    expect(error).toBeInstanceOf(InvalidTimestampError);
    expect(error.code).toBe(ErrorCodes.INVALID_TIMESTAMP);
    expect(error.message).toContain("'stamps'");
    expect(job.status).toBe('FAILED');
  });

  it.each([
    ['event-time', 1.5],
    ['event-time', 2 ** 60],
    ['processing-time', NaN],
    ['processing-time', Infinity],
  ])('registering a %s timer at %s', async (domain, time) => {
    const env = StreamEnvironment.create();
    env
      .fromArray([1])
      .keyBy((x) => x)
      .process({
        processElement(_v, ctx) {
          if (domain === 'event-time') ctx.timerService.registerEventTimeTimer(time);
          else ctx.timerService.registerProcessingTimeTimer(time);
        },
      })
      .collect();
    const error = (await failure(env.execute())) as InvalidTimestampError;
    expect(error).toBeInstanceOf(InvalidTimestampError);
    expect(error.code).toBe(ErrorCodes.INVALID_TIMESTAMP);
  });
});

describe('a failing job whose result nobody awaits', () => {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  beforeEach(() => {
    seen.length = 0;
    process.on('unhandledRejection', listener);
  });
  afterEach(() => {
    process.off('unhandledRejection', listener);
  });

  it('causes no unhandled rejection', async () => {
    const env = StreamEnvironment.create();
    env.fromArray([1, 2, 3]).map(throwing).collect();
    const job = env.execute();
    await until(() => job.status === 'FAILED');
    await turns(10);
    expect(seen).toEqual([]);
  });

  it('causes no unhandled rejection for an invalid key either', async () => {
    const env = StreamEnvironment.create({ parallelism: 2 });
    env
      .fromArray([1])
      .keyBy(() => undefined as never)
      .process({ processElement() {} })
      .collect();
    const job = env.execute();
    await until(() => job.status === 'FAILED');
    await turns(10);
    expect(seen).toEqual([]);
  });

  it('causes no unhandled rejection when toObservable() has a subscriber with an error handler', async () => {
    const env = StreamEnvironment.create();
    const errors: unknown[] = [];
    env
      .fromArray([1])
      .map(throwing)
      .toObservable()
      .subscribe({ error: (e: unknown) => errors.push(e) });
    const job = env.execute();
    await until(() => job.status === 'FAILED');
    await turns(10);
    expect(seen).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(UserFunctionError);
  });
});

describe('invalid watermarks fail the job with InvalidTimestampError', () => {
  it.each([NaN, 1.5, 2 ** 60])('a watermark generator emitting %s (instead of firing every timer)', async (bad) => {
    const env = StreamEnvironment.create({ clock: new ManualClock() });
    const fired: number[] = [];
    env
      .fromArray([1, 2])
      .assignTimestampsAndWatermarks(
        WatermarkStrategy.forGenerator<number>(() => ({ onEvent: (_e, _t, out) => out.emitWatermark(bad), onPeriodicEmit() {} })),
      )
      .uid('punctuated')
      .keyBy((x) => x)
      .process({
        processElement: (_v, ctx) => ctx.timerService.registerEventTimeTimer(10 ** 12),
        onTimer: (t) => void fired.push(t),
      })
      .collect();
    const error = (await failure(env.execute())) as InvalidTimestampError;
    expect(error).toBeInstanceOf(InvalidTimestampError);
    expect(error.code).toBe(ErrorCodes.INVALID_TIMESTAMP);
    expect(error.message).toContain("'punctuated'");
    expect(fired).toEqual([]);
  });

  it('a periodic emit of an invalid watermark fails the job too', async () => {
    const clock = new ManualClock();
    const env = StreamEnvironment.create({ clock, autoWatermarkInterval: 10 });
    const input = new Subject<number>();
    env
      .fromObservable(input)
      .assignTimestampsAndWatermarks(WatermarkStrategy.forGenerator<number>(() => ({ onEvent() {}, onPeriodicEmit: (out) => out.emitWatermark(0.5) })))
      .collect();
    const job = env.execute();
    clock.advanceBy(10);
    const error = await failure(job);
    expect(error).toBeInstanceOf(InvalidTimestampError);
  });
});
