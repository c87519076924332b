import { describe, expect, it } from 'vitest';
import { MAX_TIMESTAMP } from '../../../src/time/time-types.js';
import { GlobalWindow } from '../../../src/windowing/windows/global-window.js';
import { TimeWindow } from '../../../src/windowing/windows/time-window.js';

describe('TimeWindow.getWindowStartWithOffset', () => {
  it.each([
    // size 7, offset 0: [0,7), [7,14)
    [1, 0, 0],
    [6, 0, 0],
    [7, 0, 7],
    [8, 0, 7],
    // offset 3: [-4,3), [3,10), [10,17)
    [1, 3, -4],
    [2, 3, -4],
    [3, 3, 3],
    [9, 3, 3],
    [10, 3, 10],
    // offset -2: [-2,5), [5,12), [12,19)
    [1, -2, -2],
    [-2, -2, -2],
    [3, -2, -2],
    [4, -2, -2],
    [7, -2, 5],
    [12, -2, 12],
  ])('puts timestamp %i with offset %i and size 7 in the window starting at %i', (timestamp, offset, start) => {
    expect(TimeWindow.getWindowStartWithOffset(timestamp, offset, 7)).toBe(start);
  });

  it.each([
    [-1, 0, -7],
    [-7, 0, -7],
    [-8, 0, -14],
    [-3, -2, -9],
    [-4, 3, -4],
    [-5, 3, -11],
  ])('floors negative timestamp %i with offset %i and size 7 to start %i', (timestamp, offset, start) => {
    expect(TimeWindow.getWindowStartWithOffset(timestamp, offset, 7)).toBe(start);
  });

  it('starts daily windows at local midnight for a UTC+8 offset of -8 hours', () => {
    expect(TimeWindow.getWindowStartWithOffset(1470902048450, -8 * 3_600_000, 86_400_000)).toBe(1470844800000);
  });
});

describe('TimeWindow', () => {
  it('has maxTimestamp end - 1', () => {
    expect(new TimeWindow(0, 5000).maxTimestamp()).toBe(4999);
    expect(new TimeWindow(-7, 0).maxTimestamp()).toBe(-1);
  });

  it('intersects windows that overlap or touch, and not windows with a gap', () => {
    expect(new TimeWindow(0, 1).intersects(new TimeWindow(1, 2))).toBe(true);
    expect(new TimeWindow(0, 5).intersects(new TimeWindow(3, 8))).toBe(true);
    expect(new TimeWindow(0, 5500).intersects(new TimeWindow(5501, 8501))).toBe(false);
    expect(new TimeWindow(3, 3).intersects(new TimeWindow(3, 3))).toBe(true);
  });

  it('covers two windows with the smallest window containing both', () => {
    const cover = new TimeWindow(4, 7).cover(new TimeWindow(0, 2));
    expect([cover.start, cover.end]).toEqual([0, 7]);
  });

  it('gives equal windows equal keys and different windows different keys', () => {
    expect(new TimeWindow(0, 5000).key).toBe(new TimeWindow(0, 5000).key);
    expect(new TimeWindow(0, 5000).key).not.toBe(new TimeWindow(0, 5001).key);
    expect(new TimeWindow(0, 5000).equals(new TimeWindow(0, 5000))).toBe(true);
  });

  it.each([
    [0, 5000],
    [-4000, 1000],
    [-14, -7],
    [1470844800000, 1470931200000],
    [5, 5],
  ])('round-trips [%i, %i) through TimeWindow.namespaces', (start, end) => {
    const window = new TimeWindow(start, end);
    const restored = TimeWindow.namespaces.fromKey(TimeWindow.namespaces.toKey(window));
    expect(restored.equals(window)).toBe(true);
    expect(restored.key).toBe(window.key);
  });
});

describe('GlobalWindow', () => {
  it('has maxTimestamp MAX_TIMESTAMP and round-trips through its namespaces to the one instance', () => {
    expect(GlobalWindow.INSTANCE.maxTimestamp()).toBe(MAX_TIMESTAMP);
    expect(GlobalWindow.namespaces.fromKey(GlobalWindow.namespaces.toKey(GlobalWindow.INSTANCE))).toBe(
      GlobalWindow.INSTANCE,
    );
  });
});
