import { TumblingEventTimeWindows } from '../../src/windowing/assigners/tumbling-event-time-windows.js';
import type { Variant } from '../variant.js';
import { expectedForKeyZero, runWindowed } from './weir-window-variant.js';

const SIZE = 10_000;

/** Tumbling 10 s windows over the seed events: the yardstick for weir-sliding. */
const weirTumbling10s: Variant = {
  description: 'weir: seed events → keyBy → TumblingEventTimeWindows(10 s) sum → filter → sink',
  run: (events) => runWindowed(events, TumblingEventTimeWindows.of(SIZE)),
  expected: (events) =>
    expectedForKeyZero(events, (i) => i % 10_000, (timestamps) => {
      const windows = new Map<number, number[]>();
      for (const t of timestamps) {
        const start = t - (t % SIZE);
        windows.set(start, [...(windows.get(start) ?? []), t]);
      }
      return [...windows.values()];
    }),
};

export default weirTumbling10s;
