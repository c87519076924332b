import type { Variant } from '../variant.js';
import { runCheckpointedSeed } from './weir-seed-checkpointed.js';

const variant: Variant = {
  description: 'weir-seed with exactly-once checkpoints every 1 s, filesystem backend',
  run: (events) => runCheckpointedSeed(events, 'filesystem'),
  compareTo: 'weir-seed',
};

export default variant;
