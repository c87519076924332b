import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { MIN_TIMESTAMP } from '../../../../src/time/time-types.js';
import { CountEvictor } from '../../../../src/windowing/evictors/count-evictor.js';
import { GlobalWindow } from '../../../../src/windowing/windows/global-window.js';
import { EvictingPane, timestamped } from './evicting-pane.js';

const ctx = { currentProcessingTime: () => 0, currentWatermark: () => MIN_TIMESTAMP };
const g = GlobalWindow.INSTANCE;

describe('CountEvictor', () => {
  it('keeps the last maxCount elements, evicting from the beginning, before the function by default', () => {
    const elements = timestamped([1, 10], [2, 20], [3, 30], [4, 40], [5, 50]);
    const evictor = CountEvictor.of(3);
    evictor.evictAfter(elements, g, ctx);
    expect(elements).toHaveLength(5);
    evictor.evictBefore(elements, g, ctx);
    expect(elements.map((e) => e.value)).toEqual([3, 4, 5]);
  });

  it('evicts after the function with doEvictAfter, and not before', () => {
    const elements = timestamped([1, 10], [2, 20], [3, 30]);
    const evictor = CountEvictor.of(1, { doEvictAfter: true });
    evictor.evictBefore(elements, g, ctx);
    expect(elements).toHaveLength(3);
    evictor.evictAfter(elements, g, ctx);
    expect(elements).toEqual(timestamped([3, 30]));
  });

  it('leaves a window with at most maxCount elements alone', () => {
    const elements = timestamped([1, 10], [2, 20]);
    CountEvictor.of(2).evictBefore(elements, g, ctx);
    expect(elements.map((e) => e.value)).toEqual([1, 2]);
    const none = timestamped();
    CountEvictor.of(2).evictBefore(none, g, ctx);
    expect(none).toEqual([]);
  });

  // Flink's EvictingWindowOperatorTest.testCountEvictorEvictAfter: CountTrigger(2), CountEvictor(4, after), sums.
  it('with a count trigger of 2 and evict-after of 4, sums 2, 4 then 6 per key', () => {
    const key2 = new EvictingPane(CountEvictor.of(4, { doEvictAfter: true }), 2);
    const key1 = new EvictingPane(CountEvictor.of(4, { doEvictAfter: true }), 2);
    key2.add(1, 3000).add(1, 3999);
    key1.add(1, 20).add(1, 0).add(1, 999);
    key2.add(1, 1998).add(1, 1999).add(1, 1000);
    expect(key2.results).toEqual([2, 4]);
    expect(key1.results).toEqual([2]);

    key1.add(1, 10999);
    key2.add(1, 1000);
    expect(key1.results).toEqual([2, 4]);
    expect(key2.results).toEqual([2, 4, 6]);
    expect(key2.elements).toHaveLength(4);

    key2.add(1, 1000).add(1, 1000);
    expect(key2.results).toEqual([2, 4, 6, 6]);
  });

  // Flink's EvictingWindowOperatorTest.testCountTrigger: countWindow(4, 2) = CountTrigger(2) + CountEvictor(4).
  it('makes sliding count windows: the last 4 elements, every 2', () => {
    const pane = new EvictingPane(CountEvictor.of(4), 2);
    for (let i = 1; i <= 8; i++) pane.add(i, i);
    expect(pane.results).toEqual([1 + 2, 1 + 2 + 3 + 4, 3 + 4 + 5 + 6, 5 + 6 + 7 + 8]);
  });

  it('rejects a count that is not a positive integer and bad options, naming the value', () => {
    for (const bad of [0, -1, 2.5, Number.NaN, '4']) {
      expect(() => CountEvictor.of(bad as number)).toThrow(
        expect.objectContaining({
          code: ErrorCodes.INVALID_ARGUMENT,
          message: expect.stringContaining('CountEvictor.of(maxCount)'),
        }),
      );
    }
    expect(() => CountEvictor.of(4, { doEvictAfter: 'yes' as unknown as boolean })).toThrow(
      /doEvictAfter must be a boolean, got "yes"/,
    );
    expect(() => CountEvictor.of(4, 'after' as unknown as { doEvictAfter: boolean })).toThrow(ConfigError);
    expect(CountEvictor.of(4, {}).doEvictAfter).toBe(false);
    expect(String(CountEvictor.of(4))).toBe('CountEvictor(4)');
  });
});
