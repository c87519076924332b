import type { StateDescriptor } from '../state/state-descriptor.js';

/**
 * What a rich function sees of the subtask it runs in. Given to `open()`.
 */
export interface RuntimeContext {
  /** The keyed state handle for `descriptor` (Value, List, Map, Reducing, Aggregating). */
  getState<S>(descriptor: StateDescriptor<S>): S;
  readonly operatorUid: string;
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly jobId: string;
}
