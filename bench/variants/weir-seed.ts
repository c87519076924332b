import { StreamEnvironment } from '../../src/api/stream-environment.js';
import { seedPipeline } from '../../demo/seed-pipeline.js';
import type { SeedResult } from '../seed-job.js';
import type { Variant } from '../variant.js';

/**
 * weir's seed job, in process at parallelism 1: generator source →
 * monotonous watermarks (every 10 ms of processing time) → keyBy → tumbling
 * window sum as a keyed process function with timers → filter → counting sink.
 */
async function runWeirSeed(events: number): Promise<SeedResult> {
  const env = StreamEnvironment.create({ parallelism: 1, autoWatermarkInterval: 10 });
  let resultCount = 0;
  let checksum = 0;
  seedPipeline(env, { events }).forEach((r) => {
    resultCount++;
    checksum += r.sum;
  });
  await env.execute('seed job').result;
  return { resultCount, checksum };
}

const weirSeed: Variant = {
  description: 'weir: generator → watermarks → keyBy → keyed process window sum (MapState + timers) → filter → sink',
  run: runWeirSeed,
};

export default weirSeed;
