import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { MIN_TIMESTAMP } from '../../../../src/time/time-types.js';
import { DeltaEvictor, type DeltaFunction } from '../../../../src/windowing/evictors/delta-evictor.js';
import { GlobalWindow } from '../../../../src/windowing/windows/global-window.js';
import { EvictingPane, timestamped } from './evicting-pane.js';

const ctx = { currentProcessingTime: () => 0, currentWatermark: () => MIN_TIMESTAMP };
const g = GlobalWindow.INSTANCE;
/** Flink's test delta: newer - older. */
const rise: DeltaFunction<number> = (older, newer) => newer - older;

describe('DeltaEvictor', () => {
  it('evicts every element whose delta to the last element is at least the threshold', () => {
    const elements = timestamped([1, 0], [5, 1], [2, 2], [3, 3], [4, 4]);
    DeltaEvictor.of(2, rise).evictBefore(elements, g, ctx);
    // deltas to 4: 3, -1, 2, 1, 0
    expect(elements.map((e) => e.value)).toEqual([5, 3, 4]);
  });

  it('passes each element as `older` and the last element as `newer`', () => {
    const seen: [number, number][] = [];
    const elements = timestamped([1, 0], [2, 1], [3, 2]);
    DeltaEvictor.of(100, (older: number, newer: number) => {
      seen.push([older, newer]);
      return 0;
    }).evictBefore(elements, g, ctx);
    expect(seen).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('compares the last element with itself too: a threshold of 0 or below evicts it', () => {
    const elements = timestamped([1, 0], [2, 1]);
    DeltaEvictor.of(0, rise).evictBefore(elements, g, ctx);
    expect(elements).toEqual([]);
  });

  it('keeps an element whose delta is NaN', () => {
    const elements = timestamped([1, 0], [2, 1]);
    DeltaEvictor.of(1, () => Number.NaN).evictBefore(elements, g, ctx);
    expect(elements).toHaveLength(2);
  });

  it('evicts after the function with doEvictAfter, and not before', () => {
    const elements = timestamped([1, 0], [9, 1]);
    const evictor = DeltaEvictor.of(2, rise, { doEvictAfter: true });
    evictor.evictBefore(elements, g, ctx);
    expect(elements).toHaveLength(2);
    evictor.evictAfter(elements, g, ctx);
    expect(elements.map((e) => e.value)).toEqual([9]);
  });

  it('leaves an empty window alone', () => {
    const elements = timestamped();
    DeltaEvictor.of(2, rise).evictBefore(elements, g, ctx);
    expect(elements).toEqual([]);
  });

  // Flink's EvictingWindowOperatorTest.testDeltaEvictorEvictBefore: CountTrigger(2), threshold 2.
  it('with a count trigger of 2, evicting before: sums 4, 11, 10 for one key and 2, 8 for the other', () => {
    const key2 = new EvictingPane(DeltaEvictor.of(2, rise), 2);
    const key1 = new EvictingPane(DeltaEvictor.of(2, rise), 2);
    key2.add(1, 3000).add(4, 3999);
    key1.add(1, 20).add(1, 0).add(5, 999);
    key2.add(5, 1998).add(6, 1999).add(1, 1000);
    expect(key2.results).toEqual([4, 11]);
    expect(key1.results).toEqual([2]);

    key1.add(3, 10999);
    key2.add(10, 1000);
    expect(key1.results).toEqual([2, 8]);
    expect(key2.results).toEqual([4, 11, 10]);
  });

  // Flink's EvictingWindowOperatorTest.testDeltaEvictorEvictAfter.
  it('with a count trigger of 2, evicting after: sums 5, 15, 22 for one key and 2, 16 for the other', () => {
    const key2 = new EvictingPane(DeltaEvictor.of(2, rise, { doEvictAfter: true }), 2);
    const key1 = new EvictingPane(DeltaEvictor.of(2, rise, { doEvictAfter: true }), 2);
    key2.add(1, 3000).add(4, 3999);
    key1.add(1, 20).add(1, 0).add(5, 999);
    key2.add(5, 1998).add(6, 1999).add(1, 1000);
    expect(key2.results).toEqual([5, 15]);
    expect(key1.results).toEqual([2]);

    key1.add(9, 10999);
    key2.add(10, 1000);
    expect(key1.results).toEqual([2, 16]);
    expect(key2.results).toEqual([5, 15, 22]);
  });

  it('rejects a threshold that is not a number and a delta that is not a function', () => {
    expect(() => DeltaEvictor.of(Number.NaN, rise)).toThrow(
      expect.objectContaining({ code: ErrorCodes.INVALID_ARGUMENT, message: expect.stringContaining('got NaN') }),
    );
    expect(() => DeltaEvictor.of('2' as unknown as number, rise)).toThrow(/got "2"/);
    expect(() => DeltaEvictor.of(2, undefined as unknown as DeltaFunction<number>)).toThrow(
      expect.objectContaining({ code: ErrorCodes.NOT_A_FUNCTION }),
    );
    expect(() => DeltaEvictor.of(2, rise, { doEvictAfter: null as unknown as boolean })).toThrow(/doEvictAfter/);
    expect(String(DeltaEvictor.of(2.5, rise))).toBe('DeltaEvictor(2.5)');
  });
});
