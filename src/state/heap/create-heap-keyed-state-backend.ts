import type { KeyedStateBackend } from '../keyed-state-backend.js';
import type { KeyedStateBackendParameters } from '../state-backend.js';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';

/** The working state every weir backend gives a keyed operator subtask: a fresh heap backend. */
export function createHeapKeyedStateBackend(parameters: KeyedStateBackendParameters): KeyedStateBackend {
  return new HeapKeyedStateBackend({
    keyGroupRange: parameters.keyGroupRange,
    maxParallelism: parameters.maxParallelism,
    operatorUid: parameters.operatorUid,
  });
}
