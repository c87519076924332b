import { StreamEnvironment } from '../../src/api/stream-environment.js';
import { seedPipeline } from '../../demo/seed-pipeline.js';
import type { SeedResult } from '../seed-job.js';
import type { Variant } from '../variant.js';

/**
 * weir's seed job, in process at parallelism 1: generator source →
 * monotonous watermarks (every 10 ms of processing time) → keyBy → 3 s
 * tumbling event-time window sum (the window operator, or with
 * `process-function` a keyed process function with MapState and timers) →
 * filter → counting sink.
 */
export async function runWeirSeed(events: number, windowing: 'window' | 'process-function' = 'window'): Promise<SeedResult> {
  const env = StreamEnvironment.create({ parallelism: 1, autoWatermarkInterval: 10 });
  let resultCount = 0;
  let checksum = 0;
  seedPipeline(env, { events, windowing }).forEach((r) => {
    resultCount++;
    checksum += r.sum;
  });
  await env.execute('seed job').result;
  return { resultCount, checksum };
}

const weirSeed: Variant = {
  description: 'weir: generator → watermarks → keyBy → window(TumblingEventTimeWindows).aggregate → filter → sink',
  run: (events) => runWeirSeed(events, 'window'),
};

export default weirSeed;
