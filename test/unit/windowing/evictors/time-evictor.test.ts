import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { MIN_TIMESTAMP } from '../../../../src/time/time-types.js';
import { TimeEvictor } from '../../../../src/windowing/evictors/time-evictor.js';
import { GlobalWindow } from '../../../../src/windowing/windows/global-window.js';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { EvictingPane, timestamped } from './evicting-pane.js';

const ctx = { currentProcessingTime: () => 0, currentWatermark: () => MIN_TIMESTAMP };
const g = GlobalWindow.INSTANCE;

describe('TimeEvictor', () => {
  it('keeps the elements newer than (newest timestamp - windowLength), wherever the newest one sits', () => {
    const elements = timestamped([1, 1000], [2, 4000], [3, 2500], [4, 2001], [5, 3000]);
    TimeEvictor.of(2000).evictBefore(elements, g, ctx);
    expect(elements.map((e) => e.value)).toEqual([2, 3, 4, 5]);
  });

  it('evicts an element exactly windowLength older than the newest (timestamp <= cutoff, as in Flink)', () => {
    const elements = timestamped([1, 2000], [2, 2001], [3, 4000]);
    TimeEvictor.of(2000).evictBefore(elements, g, ctx);
    expect(elements.map((e) => e.value)).toEqual([2, 3]);
  });

  it('does nothing when the elements carry no timestamps', () => {
    const elements = timestamped([1, undefined], [2, undefined]);
    TimeEvictor.of(1).evictBefore(elements, g, ctx);
    expect(elements).toHaveLength(2);
    const empty = timestamped();
    TimeEvictor.of(1).evictBefore(empty, g, ctx);
    expect(empty).toEqual([]);
  });

  it('keeps an element without a timestamp among timestamped ones', () => {
    const elements = timestamped([1, 0], [2, undefined], [3, 5000]);
    TimeEvictor.of(1000).evictBefore(elements, g, ctx);
    expect(elements.map((e) => e.value)).toEqual([2, 3]);
  });

  it('evicts after the function with doEvictAfter, and not before', () => {
    const elements = timestamped([1, 0], [2, 5000]);
    const evictor = TimeEvictor.of(1000, { doEvictAfter: true });
    evictor.evictBefore(elements, g, ctx);
    expect(elements).toHaveLength(2);
    evictor.evictAfter(elements, g, ctx);
    expect(elements.map((e) => e.value)).toEqual([2]);
  });

  // Flink's EvictingWindowOperatorTest.testTimeEvictorEvictBefore: tumbling 4 s windows, CountTrigger(2), TimeEvictor(2 s).
  it('in tumbling 4 s windows with a count trigger of 2 and a 2 s evictor, sums 1, 3, 3 for one key and 2 for the other', () => {
    const key2 = new EvictingPane(TimeEvictor.of<TimeWindow>(2000), 2, new TimeWindow(0, 4000));
    const key1 = new EvictingPane(TimeEvictor.of<TimeWindow>(2000), 2, new TimeWindow(0, 4000));
    const key1Later = new EvictingPane(TimeEvictor.of<TimeWindow>(2000), 2, new TimeWindow(4000, 8000));
    key2.add(1, 1000).add(1, 3999);
    key1.add(1, 20).add(1, 0).add(1, 999);
    key1Later.add(1, 5999);
    key2.add(1, 3500).add(1, 2001).add(1, 1001);
    expect(key2.results).toEqual([1, 3]);
    expect(key1.results).toEqual([2]);

    key1Later.add(1, 6500);
    key2.add(1, 1002);
    expect(key1Later.results).toEqual([2]);
    expect(key2.results).toEqual([1, 3, 3]);
  });

  // Flink's EvictingWindowOperatorTest.testTimeEvictorEvictAfter: global window, CountTrigger(2), TimeEvictor(2 s, after).
  it('evicting after the function, sums everything first and prunes for the next evaluation', () => {
    const key2 = new EvictingPane(TimeEvictor.of(2000, { doEvictAfter: true }), 2);
    const key1 = new EvictingPane(TimeEvictor.of(2000, { doEvictAfter: true }), 2);
    key2.add(1, 1000).add(1, 4000);
    key1.add(1, 20).add(1, 0).add(1, 999);
    key2.add(1, 3500).add(1, 2001).add(1, 1001);
    expect(key2.results).toEqual([2, 3]);
    expect(key1.results).toEqual([2]);

    key1.add(1, 10999);
    key2.add(1, 1002);
    expect(key1.results).toEqual([2, 4]);
    expect(key2.results).toEqual([2, 3, 5]);
  });

  // Flink's EvictingWindowOperatorTest.testTimeEvictorNoTimestamp.
  it('without timestamps evicts nothing: sums 2, 4, 6', () => {
    const key2 = new EvictingPane(TimeEvictor.of(2000, { doEvictAfter: true }), 2);
    for (let i = 0; i < 6; i++) key2.add(1);
    expect(key2.results).toEqual([2, 4, 6]);
  });

  it('rejects a window length that is not a positive integer, naming the value', () => {
    for (const bad of [0, -1000, 1.5, Number.NaN, '2000']) {
      expect(() => TimeEvictor.of(bad as number)).toThrow(
        expect.objectContaining({
          code: ErrorCodes.INVALID_DURATION,
          message: expect.stringContaining('TimeEvictor.of(windowLength)'),
        }),
      );
    }
    expect(() => TimeEvictor.of(1000, { doEvictAfter: 1 as unknown as boolean })).toThrow(/doEvictAfter must be a boolean/);
    expect(String(TimeEvictor.of(2000))).toBe('TimeEvictor(2000)');
  });
});
