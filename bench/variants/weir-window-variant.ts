import { StreamEnvironment } from '../../src/api/stream-environment.js';
import type { WindowAssigner } from '../../src/windowing/assigners/window-assigner.js';
import type { TimeWindow } from '../../src/windowing/windows/time-window.js';
import { seedSource, sumOfValues, toWindowSum, type SeedEvent } from '../../demo/seed-pipeline.js';
import type { SeedResult } from '../seed-job.js';

/** Runs the seed events through `assigner` with the seed job's sum, filter and counting sink. */
export async function runWindowed(
  events: number,
  assigner: WindowAssigner<SeedEvent, TimeWindow>,
  keyOf: (i: number) => number = (i) => i % 10_000,
): Promise<SeedResult> {
  const env = StreamEnvironment.create({ parallelism: 1, autoWatermarkInterval: 10 });
  let resultCount = 0;
  let checksum = 0;
  seedSource(env, events, keyOf)
    .keyBy((e) => e.key)
    .window(assigner)
    .aggregate(sumOfValues, toWindowSum)
    .filter((r) => r.key.startsWith('Tuple 0'))
    .forEach((r) => {
      resultCount++;
      checksum += r.sum;
    });
  await env.execute('windowed seed job').result;
  return { resultCount, checksum };
}

/**
 * The exact answer for windows given by `windowsOf(ts)` over the events of the
 * one key that passes the filter (`Tuple 0`), computed by a plain loop.
 */
export function expectedForKeyZero(
  events: number,
  keyOf: (i: number) => number,
  windowsOf: (timestamps: number[]) => number[][],
): SeedResult {
  const timestamps: number[] = [];
  for (let i = 0; i < events; i++) if (keyOf(i) === 0) timestamps.push(Math.floor(i / 10));
  const windows = windowsOf(timestamps);
  return { resultCount: windows.length, checksum: windows.reduce((n, w) => n + w.length, 0) };
}
