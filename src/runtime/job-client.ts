import type { Observable } from 'rxjs';
import type { JobStatus } from './job-status.js';

/** How a job ended without failing. */
export interface JobExecutionResult {
  readonly jobId: string;
  readonly jobName: string;
  readonly status: 'FINISHED' | 'CANCELED';
  /** Wall-clock run time in milliseconds. */
  readonly durationMs: number;
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
}
