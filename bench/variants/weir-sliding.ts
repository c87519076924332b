import { SlidingEventTimeWindows } from '../../src/windowing/assigners/sliding-event-time-windows.js';
import type { Variant } from '../variant.js';
import { expectedForKeyZero, runWindowed } from './weir-window-variant.js';

const SIZE = 10_000;
const SLIDE = 1_000;

/** Sliding windows (10 s, every 1 s) over the seed events; judged against weir-tumbling-10s. */
const weirSliding: Variant = {
  description: 'weir: seed events → keyBy → SlidingEventTimeWindows(10 s, 1 s) sum → filter → sink',
  run: (events) => runWindowed(events, SlidingEventTimeWindows.of(SIZE, SLIDE)),
  compareTo: 'weir-tumbling-10s',
  expected: (events) =>
    expectedForKeyZero(events, (i) => i % 10_000, (timestamps) => {
      const windows = new Map<number, number[]>();
      for (const t of timestamps) {
        for (let start = t - (t % SLIDE); start > t - SIZE; start -= SLIDE) {
          windows.set(start, [...(windows.get(start) ?? []), t]);
        }
      }
      return [...windows.values()];
    }),
};

export default weirSliding;
