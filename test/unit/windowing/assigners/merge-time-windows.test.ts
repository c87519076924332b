import { describe, expect, it } from 'vitest';
import { mergeTimeWindows } from '../../../../src/windowing/assigners/merge-time-windows.js';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { merges } from './assigner-test-support.js';

describe('mergeTimeWindows', () => {
  it('does not merge a single window, even a point window', () => {
    expect(merges([[0, 1]])).toEqual([]);
    expect(merges([[0, 0]])).toEqual([]);
    expect(merges([])).toEqual([]);
  });

  it('merges touching windows transitively, one call per group', () => {
    expect(
      merges([
        [0, 1],
        [1, 2],
        [2, 3],
        [4, 5],
        [5, 6],
      ]),
    ).toEqual([
      { group: [[0, 1], [1, 2], [2, 3]], result: [0, 3] },
      { group: [[4, 5], [5, 6]], result: [4, 6] },
    ]);
  });

  it('merges a window into one that covers it, with the covering window as result', () => {
    expect(
      merges([
        [1, 1],
        [0, 2],
        [4, 7],
        [5, 6],
      ]),
    ).toEqual([
      { group: [[0, 2], [1, 1]], result: [0, 2] },
      { group: [[4, 7], [5, 6]], result: [4, 7] },
    ]);
  });

  it('does not merge windows separated by a gap of one millisecond', () => {
    expect(
      merges([
        [0, 5500],
        [5501, 8501],
      ]),
    ).toEqual([]);
  });

  it('merges overlapping windows given in any order', () => {
    expect(
      merges([
        [10, 15],
        [0, 5],
        [12, 20],
        [3, 9],
        [30, 31],
      ]),
    ).toEqual([
      { group: [[0, 5], [3, 9]], result: [0, 9] },
      { group: [[10, 15], [12, 20]], result: [10, 20] },
    ]);
  });

  it('lets a new window bridge two sessions into one', () => {
    expect(
      merges([
        [0, 3000],
        [6000, 9000],
        [2500, 6500],
      ]),
    ).toEqual([{ group: [[0, 3000], [2500, 6500], [6000, 9000]], result: [0, 9000] }]);
  });

  it('merges point windows at one instant and a point window touching a window end', () => {
    expect(
      merges([
        [5, 5],
        [5, 5],
        [3, 3],
      ]),
    ).toEqual([]); // equal windows count once; [3,3) does not touch [5,5)
    expect(
      merges([
        [5, 5],
        [0, 5],
      ]),
    ).toEqual([{ group: [[0, 5], [5, 5]], result: [0, 5] }]);
    expect(
      merges([
        [1, 1],
        [1, 1],
        [1, 4],
      ]),
    ).toEqual([{ group: [[1, 1], [1, 4]], result: [1, 4] }]);
  });

  it('counts a window given twice once, like the set Flink collects a group in', () => {
    expect(
      merges([
        [0, 5],
        [0, 5],
      ]),
    ).toEqual([]);
    expect(
      merges([
        [0, 5],
        [3, 8],
        [0, 5],
      ]),
    ).toEqual([{ group: [[0, 5], [3, 8]], result: [0, 8] }]);
  });

  it('passes the given window instance as result when it covers its group', () => {
    const covering = new TimeWindow(0, 10);
    let result: TimeWindow | undefined;
    mergeTimeWindows([new TimeWindow(2, 3), covering, new TimeWindow(4, 10)], (_group, cover) => (result = cover));
    expect(result).toBe(covering);
  });

  it('does not mutate the input array', () => {
    const windows = [new TimeWindow(5, 6), new TimeWindow(0, 5)];
    const copy = [...windows];
    mergeTimeWindows(windows, () => {});
    expect(windows).toEqual(copy);
  });
});
