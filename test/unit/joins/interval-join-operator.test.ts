import { describe, expect, it } from 'vitest';
import { OutputTag } from '../../../src/api/output-tag.js';
import type { ProcessJoinFunction } from '../../../src/api/process-join-function.js';
import type { RuntimeContext } from '../../../src/api/runtime-context.js';
import { ConfigError } from '../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import type { ValueState } from '../../../src/state/keyed-state.js';
import { ValueStateDescriptor } from '../../../src/state/state-descriptor.js';
import { MAX_TIMESTAMP } from '../../../src/time/time-types.js';
import { IntervalJoinDriver, lhs, pairOf, rhs, type TestElem } from './interval-join-driver.js';
import { multiset } from './join-test-support.js';

const join = (lowerBound: number, lowerBoundInclusive: boolean, upperBound: number, upperBoundInclusive: boolean) =>
  new IntervalJoinDriver({ lowerBound, lowerBoundInclusive, upperBound, upperBoundInclusive });

const expectPairs = (driver: IntervalJoinDriver, pairs: [number, number][]) =>
  expect(driver.records()).toEqual(multiset(pairs.map(([l, r]) => pairOf(l, r))));

// Flink runs these with either input ahead of the other; the result must not depend on it.
describe.each([
  ['left input ahead', true],
  ['right input ahead', false],
])('the interval join operator (%s)', (_name, lhsFirst) => {
  describe('joins exactly the pairs within the bounds, stamped max(left, right)', () => {
    it('mirrors: [1, 3) from the left equals (-3, -1] seen from the right', () => {
      const forward = join(1, true, 3, false).elementsAndWatermarks(1, 4, lhsFirst);
      expectPairs(forward, [[1, 2], [1, 3], [2, 3], [2, 4], [3, 4]]);
      forward.expectNoLateRecords().close();

      const mirrored = join(-3, false, -1, true).elementsAndWatermarks(1, 4, lhsFirst);
      expectPairs(mirrored, [[2, 1], [3, 1], [3, 2], [4, 2], [4, 3]]);
      mirrored.expectNoLateRecords().close();
    });

    it('negative inclusive and negative inclusive bounds: [-2, -1]', () => {
      const d = join(-2, true, -1, true).elementsAndWatermarks(1, 4, lhsFirst);
      expectPairs(d, [[2, 1], [3, 1], [3, 2], [4, 2], [4, 3]]);
      d.expectNoLateRecords().close();
    });

    it('negative inclusive and positive inclusive bounds: [-1, 1]', () => {
      const d = join(-1, true, 1, true).elementsAndWatermarks(1, 4, lhsFirst);
      expectPairs(d, [[1, 1], [1, 2], [2, 1], [2, 2], [2, 3], [3, 2], [3, 3], [3, 4], [4, 3], [4, 4]]);
      d.expectNoLateRecords().close();
    });

    it('positive inclusive and positive inclusive bounds: [1, 2]', () => {
      const d = join(1, true, 2, true).elementsAndWatermarks(1, 4, lhsFirst);
      expectPairs(d, [[1, 2], [1, 3], [2, 3], [2, 4], [3, 4]]);
      d.expectNoLateRecords().close();
    });

    it('negative exclusive and negative exclusive bounds: (-3, -1)', () => {
      const d = join(-3, false, -1, false).elementsAndWatermarks(1, 4, lhsFirst);
      expectPairs(d, [[3, 1], [4, 2]]);
      d.expectNoLateRecords().close();
    });

    it('negative exclusive and positive exclusive bounds: (-1, 1)', () => {
      const d = join(-1, false, 1, false).elementsAndWatermarks(1, 4, lhsFirst);
      expectPairs(d, [[1, 1], [2, 2], [3, 3], [4, 4]]);
      d.expectNoLateRecords().close();
    });

    it('positive exclusive and positive exclusive bounds: (1, 3)', () => {
      const d = join(1, false, 3, false).elementsAndWatermarks(1, 4, lhsFirst);
      expectPairs(d, [[1, 3], [2, 4]]);
      d.expectNoLateRecords().close();
    });
  });

  it('restores exactly what it snapshotted: a fresh instance joins new elements with the restored buffers', () => {
    const first = join(-1, true, 1, true);
    first.element1(1).watermark1(1).element2(1).watermark2(1);
    first.element1(2).watermark1(2).element2(2).watermark2(2);
    first.element1(3).watermark1(3).element2(3).watermark2(3);
    const snapshot = first.snapshot();
    const buffers = [first.buffered('left'), first.buffered('right')];
    expectPairs(first, [[1, 1], [1, 2], [2, 1], [2, 2], [2, 3], [3, 2], [3, 3]]);
    first.expectNoLateRecords().close();

    const restored = first.restore(snapshot);
    expect([restored.buffered('left'), restored.buffered('right')]).toEqual(buffers);
    expect(buffers).toEqual([[3], [3]]);
    restored.element1(4).watermark1(4).element2(4).watermark2(4);
    expectPairs(restored, [[3, 4], [4, 3], [4, 4]]);
    restored.expectNoLateRecords().close();
  });

  it('discards late elements: one below the watermark joins nothing', () => {
    const d = join(-1, true, 1, true);
    d.element1(1).element2(1).element1(2).element2(2).element1(3).element2(3);
    d.watermark1(3).watermark2(3);
    d.element1(1); // late: would join right 2 otherwise
    d.element1(4).element2(4).element1(5).element2(5);
    expectPairs(d, [[1, 1], [1, 2], [2, 1], [2, 2], [2, 3], [3, 2], [3, 3], [3, 4], [4, 3], [4, 4], [4, 5], [5, 4], [5, 5]]);
    d.expectNoLateRecords().close();
  });
});

describe('the interval join operator', () => {
  describe('removes buffered elements once the watermark passes the last time they could join', () => {
    // Five elements per side at 1..5, then the common watermark moves to 1, 4 and 6.
    const cases: [string, [number, boolean, number, boolean], [number[], number[]], [number[], number[]]][] = [
      ['[-1, 0]', [-1, true, 0, true], [[2, 3, 4, 5], [1, 2, 3, 4, 5]], [[5], [4, 5]]],
      ['(-2, 1)', [-2, false, 1, false], [[2, 3, 4, 5], [1, 2, 3, 4, 5]], [[5], [4, 5]]],
      ['[0, 1]', [0, true, 1, true], [[1, 2, 3, 4, 5], [2, 3, 4, 5]], [[4, 5], [5]]],
      ['(-1, 2)', [-1, false, 2, false], [[1, 2, 3, 4, 5], [2, 3, 4, 5]], [[4, 5], [5]]],
    ];

    it.each(cases)('bounds %s', (_name, [lower, lowerInc, upper, upperInc], afterOne, afterFour) => {
      const d = join(lower, lowerInc, upper, upperInc);
      for (let ts = 1; ts <= 5; ts++) d.element1(ts);
      for (let ts = 1; ts <= 5; ts++) d.element2(ts);
      d.watermark1(1).watermark2(1);
      expect([d.buffered('left'), d.buffered('right')]).toEqual(afterOne);
      d.watermark1(4).watermark2(4);
      expect([d.buffered('left'), d.buffered('right')]).toEqual(afterFour);
      d.watermark1(6).watermark2(6);
      expect([d.buffered('left'), d.buffered('right')]).toEqual([[], []]);
      d.close();
    });

    it('keeps nothing after the final watermark, also for a bound that reaches the end of time', () => {
      const d = join(0, true, MAX_TIMESTAMP, true);
      d.element1(5).element1(5).element2(7).element2(MAX_TIMESTAMP);
      expect(d.buffered('left')).toEqual([5]);
      d.watermark1(1_000_000).watermark2(1_000_000);
      expect(d.buffered('left')).toEqual([5]);
      expect(d.buffered('right')).toEqual([MAX_TIMESTAMP]);
      d.harness.endInput();
      expect([d.buffered('left'), d.buffered('right')]).toEqual([[], []]);
      expect(d.records().map((r) => r.timestamp)).toEqual([7, 7, MAX_TIMESTAMP, MAX_TIMESTAMP]);
      d.close();
    });
  });

  it('sends late elements to the side outputs with their own timestamps', () => {
    const leftLate = new OutputTag<TestElem>('left-late');
    const rightLate = new OutputTag<TestElem>('right-late');
    const d = new IntervalJoinDriver({ lowerBound: -1, upperBound: 1, leftLateDataTag: leftLate, rightLateDataTag: rightLate });
    d.element1(3).element2(3).watermark1(3).watermark2(3);
    d.element1(4).element2(4);
    d.element1(1); // late left
    d.element2(2); // late right
    d.element1(5).element2(5);
    expectPairs(d, [[3, 3], [3, 4], [4, 3], [4, 4], [4, 5], [5, 4], [5, 5]]);
    expect(d.harness.sideOutput(leftLate)).toEqual([{ value: lhs(1), timestamp: 1 }]);
    expect(d.harness.sideOutput(rightLate)).toEqual([{ value: rhs(2), timestamp: 2 }]);
    d.close();
  });

  it('accepts an element exactly at the watermark (late means strictly below it)', () => {
    const d = join(0, true, 0, true);
    d.watermark1(10).watermark2(10).element1(10).element2(10);
    expectPairs(d, [[10, 10]]);
    d.close();
  });

  it('like Flink, cleans a left element up when the watermark reaches ts + upper, so a right element exactly at that watermark misses it', () => {
    const d = join(0, true, 2, true);
    d.element1(5).watermark1(7).watermark2(7);
    expect(d.buffered('left')).toEqual([]);
    d.element2(7); // not late (7 is not below 7), within [5, 7], but the left element is gone
    d.element2(6); // and one below the watermark is late
    expect(d.records()).toEqual([]);
    d.close();
  });

  it('joins only elements of the same key', () => {
    const d = join(-10, true, 10, true);
    d.element1(lhs(1, 'a')).element1(lhs(2, 'b')).element2(rhs(3, 'a')).element2(rhs(4, 'c'));
    expect(d.records()).toEqual([{ value: [lhs(1, 'a'), rhs(3, 'a')], timestamp: 3 }]);
    d.close();
  });

  it('joins nothing when exclusive bounds leave an empty interval', () => {
    const d = join(0, false, 0, true).elementsAndWatermarks(1, 3, true);
    expect(d.records()).toEqual([]);
    d.close();
  });

  describe('gives the function the timestamps of the pair', () => {
    const seen: { left: number; right: number; ctx: [number, number, number] }[] = [];
    const recording: ProcessJoinFunction<TestElem, TestElem, never> = {
      processElement: (left, right, ctx) => void seen.push({ left: left.ts, right: right.ts, ctx: [ctx.leftTimestamp, ctx.rightTimestamp, ctx.timestamp] }),
    };

    it.each([true, false])('leftTimestamp, rightTimestamp and timestamp = max of both (left input ahead: %s)', (lhsFirst) => {
      seen.length = 0;
      new IntervalJoinDriver({ lowerBound: -1, upperBound: 1, fn: recording }).elementsAndWatermarks(1, 4, lhsFirst).close();
      expect(seen).toHaveLength(10);
      for (const { left, right, ctx } of seen) expect(ctx).toEqual([left, right, Math.max(left, right)]);
    });
  });

  it('stamps side outputs of the function with the pair timestamp', () => {
    const notes = new OutputTag<string>('notes');
    const d = new IntervalJoinDriver({
      lowerBound: -5,
      upperBound: 5,
      fn: { processElement: (l, r, ctx) => ctx.output(notes, `${l.ts}-${r.ts}`) },
    });
    d.element1(4).element2(2);
    expect(d.harness.sideOutput(notes)).toEqual([{ value: '4-2', timestamp: 4 }]);
    d.close();
  });

  it('opens the function with keyed state of the join key', () => {
    type Counting = ProcessJoinFunction<TestElem, TestElem, [string, number]> & { count: ValueState<number> };
    const counting = {
      open(this: Counting, ctx: RuntimeContext) {
        this.count = ctx.getState(new ValueStateDescriptor<number>({ name: 'pairs', defaultValue: 0 }));
      },
      processElement(this: Counting, left: TestElem, _right: TestElem, _ctx: unknown, out: { collect(v: [string, number]): void }) {
        this.count.update(this.count.value()! + 1);
        out.collect([left.key, this.count.value()!]);
      },
    } as Counting;
    const d = new IntervalJoinDriver({ lowerBound: -10, upperBound: 10, fn: counting as ProcessJoinFunction<TestElem, TestElem, unknown> });
    d.element1(lhs(1, 'a')).element2(rhs(2, 'a')).element2(rhs(3, 'b')).element1(lhs(4, 'b')).element2(rhs(5, 'a'));
    expect(d.harness.records()).toEqual([['a', 1], ['b', 1], ['a', 2]]);
    d.close();
  });

  it.each([
    ['left', (d: IntervalJoinDriver) => d.element1(lhs(0), undefined)],
    ['right', (d: IntervalJoinDriver) => d.element2(rhs(0), undefined)],
  ])('fails on a %s element without a timestamp, naming the operator', (side, feed) => {
    const d = new IntervalJoinDriver({ lowerBound: 0, upperBound: 0, uid: 'orders-payments' });
    let error: unknown;
    try {
      feed(d);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe(ErrorCodes.INVALID_ARGUMENT);
    expect((error as ConfigError).message).toContain(`'orders-payments'`);
    expect((error as ConfigError).message).toContain(`${side} element without a timestamp`);
    expect((error as ConfigError).message).toContain('assignTimestampsAndWatermarks');
    d.close();
  });

  it('forwards every watermark after the cleanup it causes', () => {
    const d = join(0, true, 0, true);
    d.element1(1).watermark1(5).watermark2(3).watermark2(7);
    expect(d.elements().filter((e) => e.kind === 'watermark')).toEqual([
      { kind: 'watermark', timestamp: 3 },
      { kind: 'watermark', timestamp: 5 },
    ]);
    expect(d.buffered('left')).toEqual([]);
    d.close();
  });
});
