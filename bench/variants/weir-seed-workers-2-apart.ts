import type { Variant } from '../variant.js';
import { runSeedSharesInWorkers } from './weir-seed-workers.js';

/**
 * The ceiling for weir-seed-workers-2 on this machine: the same events and
 * results with nothing crossing between the two workers (two independent
 * one-worker jobs over disjoint halves of the keys, at once).
 */
const variant: Variant = {
  description: 'ceiling for workers-2: two independent one-worker jobs at once, each over half the events (disjoint keys, no exchange)',
  run: (events) => runSeedSharesInWorkers(events, 2),
  compareTo: 'weir-seed-workers-1',
};

export default variant;
