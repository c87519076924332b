import { describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { ManualClock } from '../../../src/time/manual-clock.js';
import { EventTimeSessionWindows } from '../../../src/windowing/assigners/event-time-session-windows.js';
import { SlidingEventTimeWindows } from '../../../src/windowing/assigners/sliding-event-time-windows.js';
import { TumblingEventTimeWindows } from '../../../src/windowing/assigners/tumbling-event-time-windows.js';
import type { Trigger } from '../../../src/windowing/triggers/trigger.js';
import type { TimeWindow } from '../../../src/windowing/windows/time-window.js';
import { expectConfigError, multiset, punctuated } from './join-test-support.js';

/** Flink's Tuple3<String, String, Integer>: key, name, timestamp. */
type Row = readonly [key: string, name: string, ts: number];
const show = (r: Row) => `(${r.join(',')})`;

// Flink's CoGroupJoinITCase.testJoin inputs.
const first: Row[] = [
  ['a', 'x', 0], ['a', 'y', 1], ['a', 'z', 2],
  ['b', 'u', 3], ['b', 'w', 5],
  ['a', 'i', 6], ['a', 'j', 7], ['a', 'k', 8],
];
const second: Row[] = [
  ['a', 'u', 0], ['a', 'w', 1],
  ['b', 'i', 3], ['b', 'k', 5],
  ['a', 'x', 6], ['a', 'z', 8],
];

const environment = (parallelism = 1) => StreamEnvironment.create({ parallelism, clock: new ManualClock() });

describe('a window join, end to end', () => {
  it('emits every pair of equal keys per tumbling window (Flink CoGroupJoinITCase.testJoin)', async () => {
    const env = environment();
    const left = env.fromArray(first).assignTimestampsAndWatermarks(punctuated((r) => r[2]));
    const right = env.fromArray(second).assignTimestampsAndWatermarks(punctuated((r) => r[2]));
    const out = left
      .join(right)
      .where((r) => r[0])
      .equalTo((r) => r[0])
      .window(TumblingEventTimeWindows.of(3))
      .apply((a, b) => `${show(a)}:${show(b)}`)
      .collect();
    await env.execute().result;
    expect(multiset(out.values)).toEqual(
      multiset([
        '(a,x,0):(a,u,0)', '(a,x,0):(a,w,1)', '(a,y,1):(a,u,0)', '(a,y,1):(a,w,1)', '(a,z,2):(a,u,0)', '(a,z,2):(a,w,1)',
        '(b,u,3):(b,i,3)', '(b,u,3):(b,k,5)', '(b,w,5):(b,i,3)', '(b,w,5):(b,k,5)',
        '(a,i,6):(a,x,6)', '(a,i,6):(a,z,8)', '(a,j,7):(a,x,6)', '(a,j,7):(a,z,8)', '(a,k,8):(a,x,6)', '(a,k,8):(a,z,8)',
      ]),
    );
  });

  it('stamps each result with the max timestamp of its window', async () => {
    const env = environment();
    const left = env.fromArray(first).assignTimestampsAndWatermarks(punctuated((r) => r[2]));
    const right = env.fromArray(second).assignTimestampsAndWatermarks(punctuated((r) => r[2]));
    const out = left
      .join(right)
      .where((r) => r[0])
      .equalTo((r) => r[0])
      .window(TumblingEventTimeWindows.of(3))
      .apply((a, b) => `${a[1]}${b[1]}`)
      .collect();
    await env.execute().result;
    const stampOf = new Map(out.records.map((r) => [r.value, r.timestamp]));
    expect([stampOf.get('xu'), stampOf.get('uk'), stampOf.get('kz')]).toEqual([2, 5, 8]);
    expect(new Set(out.records.map((r) => r.timestamp))).toEqual(new Set([2, 5, 8]));
  });

  it('joins a stream with itself (Flink CoGroupJoinITCase.testSelfJoin)', async () => {
    const env = environment();
    const source = env.fromArray(first).assignTimestampsAndWatermarks(punctuated((r) => r[2]));
    const out = source
      .join(source)
      .where((r) => r[0])
      .equalTo((r) => r[0])
      .window(TumblingEventTimeWindows.of(3))
      .apply((a, b) => `${show(a)}:${show(b)}`)
      .collect();
    await env.execute().result;
    const groups = [first.slice(0, 3), first.slice(3, 5), first.slice(5)];
    expect(multiset(out.values)).toEqual(multiset(groups.flatMap((g) => g.flatMap((a) => g.map((b) => `${show(a)}:${show(b)}`)))));
  });

  describe('gives the same multiset at parallelism 1 and 2, equal to a brute-force join', () => {
    const keys = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
    const lefts: Row[] = Array.from({ length: 150 }, (_, i) => [keys[(i * 3) % 7]!, `l${i}`, i]);
    const rights: Row[] = Array.from({ length: 120 }, (_, i) => [keys[(i * 5) % 7]!, `r${i}`, Math.floor(i * 1.25)]);

    /** Every (left, right) pair once per sliding window [s, s+10) (s a multiple of 5) holding both. */
    const expected = multiset(
      lefts.flatMap((l) =>
        rights
          .filter((r) => r[0] === l[0])
          .flatMap((r) => {
            const results: { value: string; timestamp: number }[] = [];
            const lowest = Math.max(l[2], r[2]) - 9;
            for (let s = Math.floor(Math.min(l[2], r[2]) / 5) * 5; s >= lowest; s -= 5) results.push({ value: `${l[1]}:${r[1]}`, timestamp: s + 9 });
            return results;
          }),
      ),
    );

    it.each([1, 2])('parallelism %i', async (parallelism) => {
      const env = environment(parallelism);
      const left = env.fromArray(lefts).assignTimestampsAndWatermarks(punctuated((r) => r[2]));
      const right = env.fromArray(rights).assignTimestampsAndWatermarks(punctuated((r) => r[2]));
      const out = left
        .join(right)
        .where((r) => r[0])
        .equalTo((r) => r[0])
        .window(SlidingEventTimeWindows.of(10, 5))
        .apply((a, b) => `${a[1]}:${b[1]}`)
        .collect();
      await env.execute().result;
      expect(expected.length).toBeGreaterThan(300);
      expect(multiset(out.records)).toEqual(expected);
    });
  });

  it('returns a stream whose operator takes a uid and a parallelism', async () => {
    const env = environment(2);
    const left = env.fromArray(first).assignTimestampsAndWatermarks(punctuated((r) => r[2]));
    const out = left
      .join(left)
      .where((r) => r[0])
      .equalTo((r) => r[0])
      .window(TumblingEventTimeWindows.of(100))
      .apply((a, b) => `${a[1]}${b[1]}`)
      .uid('self-join')
      .setParallelism(1)
      .collect();
    await env.execute().result;
    expect(out.values).toHaveLength(6 * 6 + 2 * 2); // one window: 6 a × 6 a, 2 b × 2 b
  });
});

describe('a window join rejects', () => {
  const env = StreamEnvironment.create();
  const stream = env.fromArray([1, 2, 3]);
  const joined = () => stream.join(stream).where((x) => x).equalTo((x) => x);

  it('a join partner that is not a DataStream of the same environment', () => {
    expectConfigError(() => stream.join(42 as never), ErrorCodes.INVALID_ARGUMENT, /join\(\) takes a DataStream/, /42/);
    expectConfigError(() => stream.join(StreamEnvironment.create().fromArray([1])), ErrorCodes.INVALID_ARGUMENT, /same environment/);
  });

  it('key selectors that are not functions', () => {
    expectConfigError(() => stream.join(stream).where('id' as never), ErrorCodes.NOT_A_FUNCTION, /left key selector/, /"id"/);
    expectConfigError(() => stream.join(stream).where((x) => x).equalTo(null as never), ErrorCodes.NOT_A_FUNCTION, /right key selector/);
  });

  it('a window assigner that is not one', () => {
    expectConfigError(() => joined().window({} as never), ErrorCodes.INVALID_ARGUMENT, /WindowAssigner/, /a plain object/);
  });

  it('a trigger that is not one, or cannot merge for session windows', () => {
    const windowed = joined().window(TumblingEventTimeWindows.of(10));
    expectConfigError(() => windowed.trigger(undefined as never), ErrorCodes.INVALID_ARGUMENT, /needs a Trigger/);
    const nonMerging: Trigger<unknown, TimeWindow> = {
      onElement: () => 'CONTINUE',
      onEventTime: () => 'CONTINUE',
      onProcessingTime: () => 'CONTINUE',
      canMerge: () => false,
      clear: () => {},
    };
    expectConfigError(() => joined().window(EventTimeSessionWindows.withGap(5)).trigger(nonMerging), ErrorCodes.INVALID_ARGUMENT, /can merge/);
  });

  it('an evictor that is not one, and a negative allowed lateness', () => {
    const windowed = joined().window(TumblingEventTimeWindows.of(10));
    expectConfigError(() => windowed.evictor('x' as never), ErrorCodes.INVALID_ARGUMENT, /needs an Evictor/);
    expectConfigError(() => windowed.allowedLateness(-1), ErrorCodes.INVALID_DURATION, /allowedLateness/, /-1/);
  });

  it('join functions that are not functions', () => {
    const windowed = joined().window(TumblingEventTimeWindows.of(10));
    expectConfigError(() => windowed.apply({} as never), ErrorCodes.NOT_A_FUNCTION, /join function/);
    expectConfigError(() => windowed.flatApply(undefined as never), ErrorCodes.NOT_A_FUNCTION, /flat join function/);
  });

  it('nothing is added to the job until apply: a rejected or unfinished join leaves the graph as it was', () => {
    const before = env.graph.nodes.length;
    const windowed = joined().window(TumblingEventTimeWindows.of(10)).allowedLateness(5);
    expect(() => windowed.apply(null as never)).toThrow();
    expect(env.graph.nodes.length).toBe(before);
  });
});
