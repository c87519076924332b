import type { Observable } from 'rxjs';
import type { CheckpointEvent } from '../checkpoint/checkpoint-events.js';
import type { CheckpointStats } from '../checkpoint/checkpoint-stats.js';
import type { JobStatus } from './job-status.js';

/** How a job ended without failing. */
export interface JobExecutionResult {
  readonly jobId: string;
  readonly jobName: string;
  readonly status: 'FINISHED' | 'CANCELED';
  /** Wall-clock run time in milliseconds. */
  readonly durationMs: number;
}

/** A completed savepoint. */
export interface CompletedSavepoint {
  readonly checkpointId: number;
  /** Its location in the job's storage (`savepoint-7`): pass it as `restore.from`. */
  readonly location: string;
  /**
   * The savepoint file itself: canonical, versioned and self-contained. Pass
   * it as `restore.from` with any backend, in any runtime (keep it in a file,
   * IndexedDB, a download...).
   */
  readonly bytes: Uint8Array;
}

/**
 * A handle to a running job, returned by `env.execute()`.
 *
 * @example
 * ```ts
 * const job = env.execute('clicks');
 * job.status$.subscribe((s) => console.log('status', s));
 * const { status } = await job.result; // 'FINISHED'
 * ```
 */
export interface JobClient {
  readonly jobId: string;
  readonly jobName: string;
  /**
   * Resolves when the job finishes or is cancelled; rejects with the error
   * that failed it (a WeirError: UserFunctionError names the operator). Never
   * reported as an unhandled rejection if you do not await it.
   */
  readonly result: Promise<JobExecutionResult>;
  /** The current status. */
  readonly status: JobStatus;
  /** Every status change, starting with the current one; completes at a terminal status. */
  readonly status$: Observable<JobStatus>;
  /** Current counters per operator uid, e.g. `{ 'window-sum': { numLateRecordsDropped: 3 } }`. */
  metrics(): Record<string, Record<string, number>>;
  /** Stops the job without flushing windows; resolves once it is CANCELED (or already ended). */
  cancel(): Promise<void>;
  /** Every checkpoint event (triggered, acknowledged, completed, failed, restored, warnings); completes when the job ends. */
  readonly checkpoints$: Observable<CheckpointEvent>;
  /** Counts, latest checkpoints of each kind and recent history. */
  checkpointStats(): CheckpointStats;
  /**
   * Takes a checkpoint now (besides the periodic ones); resolves when it is complete.
   * @throws CheckpointError ILLEGAL_JOB_STATE unless RUNNING; the checkpoint's failure otherwise.
   */
  triggerCheckpoint(): Promise<{ checkpointId: number; location: string }>;
  /**
   * Takes a savepoint: a full, portable, self-contained copy of the job's state.
   * @throws CheckpointError ILLEGAL_JOB_STATE unless RUNNING; the savepoint's failure otherwise.
   */
  triggerSavepoint(): Promise<CompletedSavepoint>;
  /** Takes a savepoint, then stops the job (status FINISHED). */
  stopWithSavepoint(): Promise<CompletedSavepoint>;
}
