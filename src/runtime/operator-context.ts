import type { Clock } from '../time/clock.js';
import type { KeyedStateBackend } from '../state/keyed-state-backend.js';
import type { Output } from './output.js';
import type { OperatorMetrics } from './operator-metrics.js';
import type { ProcessingTimeService } from './processing-time-service.js';

/** Everything the runtime hands an operator subtask before `open()`. */
export interface OperatorContext<OUT> {
  readonly jobId: string;
  readonly uid: string;
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly output: Output<OUT>;
  readonly clock: Clock;
  readonly processingTime: ProcessingTimeService;
  /** Present for keyed operators: state for this subtask's key-group range. */
  readonly keyedBackend: KeyedStateBackend | undefined;
  /** Counters of this operator (shared by its subtasks). */
  readonly metrics: OperatorMetrics;
  /**
   * True when the input records come straight from a source and reach no
   * other operator: the operator may then change them in place instead of
   * copying (the timestamp assigner does).
   */
  readonly ownsInputRecords?: boolean;
  /**
   * Fails this subtask from an asynchronous callback (a rejected promise the
   * operator has no caller to return to); the job fails naming the operator.
   * Absent in test harnesses.
   */
  readonly failTask?: (error: unknown) => void;
}
