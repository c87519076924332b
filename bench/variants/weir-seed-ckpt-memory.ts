import type { Variant } from '../variant.js';
import { runCheckpointedSeed } from './weir-seed-checkpointed.js';

const variant: Variant = {
  description: 'weir-seed with exactly-once checkpoints every 1 s, memory backend',
  run: (events) => runCheckpointedSeed(events, 'memory'),
  compareTo: 'weir-seed',
};

export default variant;
