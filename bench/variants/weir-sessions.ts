import { EventTimeSessionWindows } from '../../src/windowing/assigners/event-time-session-windows.js';
import type { Variant } from '../variant.js';
import { expectedForKeyZero, runWindowed } from './weir-window-variant.js';

const GAP = 500;
/** Bursts: 5 consecutive events share a key, so each key gets a burst of 5 events within 0.5 ms every 5 s. */
const burstKey = (i: number): number => Math.floor(i / 5) % 10_000;

/** Session windows (gap 500 ms) over 10 000 keys with bursts. */
const weirSessions: Variant = {
  description: 'weir: bursty seed events (5 per key every 5 s) → keyBy → EventTimeSessionWindows(500 ms) sum → filter → sink',
  run: (events) => runWindowed(events, EventTimeSessionWindows.withGap(GAP), burstKey),
  expected: (events) =>
    expectedForKeyZero(events, burstKey, (timestamps) => {
      const sessions: number[][] = [];
      for (const t of timestamps) {
        const last = sessions.at(-1);
        // Windows [t, t+gap) merge when they touch or overlap.
        if (last !== undefined && t <= last.at(-1)! + GAP) last.push(t);
        else sessions.push([t]);
      }
      return sessions;
    }),
};

export default weirSessions;
