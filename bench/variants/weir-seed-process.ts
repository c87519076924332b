import type { Variant } from '../variant.js';
import { runWeirSeed } from './weir-seed.js';

/** The seed job with its windows hand-written as a keyed process function (MapState + event-time timers). */
const weirSeedProcess: Variant = {
  description: 'weir: generator → watermarks → keyBy → keyed process function window sum (MapState + timers) → filter → sink',
  run: (events) => runWeirSeed(events, 'process-function'),
};

export default weirSeedProcess;
