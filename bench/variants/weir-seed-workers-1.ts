import type { Variant } from '../variant.js';
import { runSeedInWorkers } from './weir-seed-workers.js';

const variant: Variant = {
  description: 'weir-seed in one worker_threads worker (runInWorkers, workers: 1)',
  run: (events) => runSeedInWorkers(events, 1),
};

export default variant;
