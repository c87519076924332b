import { describe, expect, it } from 'vitest';
import { OutputTag } from '../../../src/api/output-tag.js';
import type { ProcessJoinFunction } from '../../../src/api/process-join-function.js';
import type { RuntimeContext } from '../../../src/api/runtime-context.js';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import { ConfigError } from '../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import type { ValueState } from '../../../src/state/keyed-state.js';
import { ValueStateDescriptor } from '../../../src/state/state-descriptor.js';
import { ManualClock } from '../../../src/time/manual-clock.js';
import { expectConfigError, failure, multiset, punctuated } from './join-test-support.js';

interface Order {
  readonly id: string;
  readonly ts: number;
}
interface Payment {
  readonly order: string;
  readonly ts: number;
  readonly n: number;
}

const environment = (parallelism = 1) => StreamEnvironment.create({ parallelism, clock: new ManualClock() });

const ids = ['o0', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7', 'o8'];
const orders: Order[] = Array.from({ length: 120 }, (_, i) => ({ id: ids[(i * 4) % 9]!, ts: i * 2 }));
const payments: Payment[] = Array.from({ length: 160 }, (_, i) => ({ order: ids[(i * 7) % 9]!, ts: Math.floor(i * 1.5), n: i }));

/** Every (order, payment) pair of one id with `o.ts + lower <= p.ts <= o.ts + upper`, stamped with the later of the two. */
function bruteForce(lower: number, upper: number) {
  return multiset(
    orders.flatMap((o) =>
      payments
        .filter((p) => p.order === o.id && p.ts >= o.ts + lower && p.ts <= o.ts + upper)
        .map((p) => ({ value: `${o.id}@${o.ts}:${p.n}`, timestamp: Math.max(o.ts, p.ts) })),
    ),
  );
}

describe('an interval join, end to end', () => {
  it.each([1, 2])('joins exactly the pairs within the bounds at parallelism %i, like a brute-force join', async (parallelism) => {
    const env = environment(parallelism);
    const left = env.fromArray(orders).assignTimestampsAndWatermarks(punctuated((o) => o.ts));
    const right = env.fromArray(payments).assignTimestampsAndWatermarks(punctuated((p) => p.ts));
    const out = left
      .keyBy((o) => o.id)
      .intervalJoin(right.keyBy((p) => p.order))
      .between(-3, 7)
      .process<string>((o, p, ctx, collector) => {
        expect(ctx.timestamp).toBe(Math.max(ctx.leftTimestamp, ctx.rightTimestamp));
        collector.collect(`${o.id}@${o.ts}:${p.n}`);
      })
      .collect();
    await env.execute().result;
    const expected = bruteForce(-3, 7);
    expect(expected.length).toBeGreaterThan(50);
    expect(multiset(out.records)).toEqual(expected);
  });

  it('honours exclusive bounds', async () => {
    const env = environment(2);
    const left = env.fromArray(orders).assignTimestampsAndWatermarks(punctuated((o) => o.ts));
    const right = env.fromArray(payments).assignTimestampsAndWatermarks(punctuated((p) => p.ts));
    const out = left
      .keyBy((o) => o.id)
      .intervalJoin(right.keyBy((p) => p.order))
      .between(-3, 7)
      .lowerBoundExclusive()
      .upperBoundExclusive()
      .process<string>((o, p, _ctx, collector) => collector.collect(`${o.id}@${o.ts}:${p.n}`))
      .collect();
    await env.execute().result;
    expect(multiset(out.records)).toEqual(bruteForce(-2, 6));
  });

  it('opens a function object per subtask with keyed state of the join key', async () => {
    type Numbering = ProcessJoinFunction<Order, Payment, [string, number]> & { seen: ValueState<number> };
    const numbering = {
      open(this: Numbering, ctx: RuntimeContext) {
        this.seen = ctx.getState(new ValueStateDescriptor<number>({ name: 'pairs-so-far', defaultValue: 0 }));
      },
      processElement(this: Numbering, order: Order, _payment: Payment, _ctx: unknown, out: { collect(v: [string, number]): void }) {
        this.seen.update(this.seen.value()! + 1);
        out.collect([order.id, this.seen.value()!]);
      },
    } as Numbering;
    const env = environment(2);
    const left = env.fromArray(orders).assignTimestampsAndWatermarks(punctuated((o) => o.ts));
    const right = env.fromArray(payments).assignTimestampsAndWatermarks(punctuated((p) => p.ts));
    const out = left
      .keyBy((o) => o.id)
      .intervalJoin(right.keyBy((p) => p.order))
      .between(0, 10)
      .process(numbering)
      .collect();
    await env.execute().result;
    const expected = bruteForce(0, 10);
    for (const id of ids) {
      const count = expected.filter(({ value }) => value.startsWith(`${id}@`)).length;
      const numbers = out.values.filter(([key]) => key === id).map(([, n]) => n);
      expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    }
  });

  it('fails the job with a ConfigError naming the operator when elements have no timestamps', async () => {
    const env = environment();
    env
      .fromArray(orders)
      .keyBy((o) => o.id)
      .intervalJoin(env.fromArray(payments).keyBy((p) => p.order))
      .between(0, 1)
      .process(() => {})
      .uid('orders-with-payments')
      .collect();
    const job = env.execute();
    const error = (await failure(job)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe(ErrorCodes.INVALID_ARGUMENT);
    expect(error.message).toMatch(/'orders-with-payments'.*without a timestamp/);
    expect(job.status).toBe('FAILED');
  });
});

describe('an interval join rejects', () => {
  const env = StreamEnvironment.create();
  const keyed = env.fromArray([1, 2, 3]).keyBy((x) => x);
  const bounded = () => keyed.intervalJoin(keyed).between(-1, 1);

  it('a partner that is not a KeyedStream of the same environment', () => {
    expectConfigError(() => keyed.intervalJoin(env.fromArray([1]) as never), ErrorCodes.INVALID_ARGUMENT, /KeyedStream/, /keyBy\(\)/);
    const other = StreamEnvironment.create().fromArray([1]).keyBy((x) => x);
    expectConfigError(() => keyed.intervalJoin(other), ErrorCodes.INVALID_ARGUMENT, /same environment/);
  });

  it('a lower bound above the upper bound', () => {
    expectConfigError(() => keyed.intervalJoin(keyed).between(5, 4), ErrorCodes.INVALID_ARGUMENT, /lowerBound <= upperBound/, /5 and 4/);
    expect(() => keyed.intervalJoin(keyed).between(-3, -3)).not.toThrow();
  });

  it('bounds that are not integer milliseconds', () => {
    expectConfigError(() => keyed.intervalJoin(keyed).between(0.5, 1), ErrorCodes.INVALID_DURATION, /lowerBound/, /0\.5/);
    expectConfigError(() => keyed.intervalJoin(keyed).between(0, Number.NaN), ErrorCodes.INVALID_DURATION, /upperBound/, /NaN/);
    expectConfigError(() => keyed.intervalJoin(keyed).between('1' as never, 2), ErrorCodes.INVALID_DURATION, /lowerBound/, /"1"/);
  });

  it('late-data outputs that are not OutputTags', () => {
    expectConfigError(() => bounded().sideOutputLeftLateData('late' as never), ErrorCodes.INVALID_ARGUMENT, /sideOutputLeftLateData/, /OutputTag/);
    expectConfigError(() => bounded().sideOutputRightLateData({} as never), ErrorCodes.INVALID_ARGUMENT, /sideOutputRightLateData/);
    expect(() => bounded().sideOutputLeftLateData(new OutputTag<number>('late'))).not.toThrow();
  });

  it('process functions that are neither a function nor an object with processElement', () => {
    expectConfigError(() => bounded().process(42 as never), ErrorCodes.NOT_A_FUNCTION, /processElement/, /42/);
    expectConfigError(() => bounded().process({} as never), ErrorCodes.NOT_A_FUNCTION, /processElement/);
    expectConfigError(() => bounded().process({ processElement() {}, open: 'x' } as never), ErrorCodes.NOT_A_FUNCTION, /open must be a function/);
  });
});
