import type { Variant } from '../variant.js';
import { runSeedInWorkers } from './weir-seed-workers.js';

const variant: Variant = {
  description: 'weir-seed over two worker_threads workers by key group (runInWorkers, workers: 2)',
  run: (events) => runSeedInWorkers(events, 2),
  compareTo: 'weir-seed-workers-1',
};

export default variant;
