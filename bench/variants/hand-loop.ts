import {
  SEED_VALUE,
  WINDOW_MS,
  passesFilter,
  seedKey,
  seedTimestamp,
  windowStart,
  type SeedResult,
} from '../seed-job.js';
import type { Variant } from '../variant.js';

/**
 * Events between two watermarks.
 *
 * An engine emits watermarks periodically (Flink: every
 * `autoWatermarkInterval`), not after every record, so windows fire a little
 * after the watermark could have passed them and more (window, key) sums are
 * held meanwhile. To be a fair floor for such an engine, this loop advances the
 * watermark (to max timestamp seen - 1) once every 4096 events rather than per
 * event. At 10 events per ms that is every ~410 ms of event time, well under
 * the 3 s window.
 */
export const WATERMARK_EVERY = 4096;

/**
 * The seed job as a plain loop: the floor every engine variant is compared with.
 *
 * Events are produced one at a time from their index (no arrays, no event
 * objects); sums live in a `Map` per window start, keyed by key; windows fire
 * when the periodic watermark reaches their end - 1, and the end of input fires
 * the rest (Flink's final watermark). Late events (none in this job, whose
 * timestamps ascend) are dropped as Flink does with zero allowed lateness.
 */
function runHandLoop(events: number): SeedResult {
  const windows = new Map<number, Map<string, number>>();
  let maxTimestamp = -Infinity;
  let watermark = -Infinity;
  let resultCount = 0;
  let checksum = 0;

  const fire = (upTo: number): void => {
    for (const [start, sums] of windows) {
      if (start + WINDOW_MS - 1 > upTo) continue;
      for (const [key, sum] of sums) {
        if (passesFilter(key)) {
          resultCount++;
          checksum += sum;
        }
      }
      windows.delete(start);
    }
  };

  for (let i = 0; i < events; i++) {
    const key = seedKey(i);
    const timestamp = seedTimestamp(i);
    if (timestamp > maxTimestamp) maxTimestamp = timestamp;
    const start = windowStart(timestamp);
    if (start + WINDOW_MS - 1 > watermark) {
      let sums = windows.get(start);
      if (sums === undefined) {
        sums = new Map();
        windows.set(start, sums);
      }
      sums.set(key, (sums.get(key) ?? 0) + SEED_VALUE);
    }
    if ((i + 1) % WATERMARK_EVERY === 0) {
      watermark = maxTimestamp - 1;
      fire(watermark);
    }
  }
  fire(Infinity);
  return { resultCount, checksum };
}

/** Baseline variant `hand-loop`. */
const handLoop: Variant = {
  description: `plain TypeScript loop, Map per window, watermark every ${WATERMARK_EVERY} events`,
  run: async (events) => runHandLoop(events),
};

export default handLoop;
