/**
 * Lifecycle of a job: CREATED → RUNNING → FINISHED | FAILED | CANCELED,
 * through CANCELLING when cancelled, and RESTARTING between a failure and
 * the restart its restart strategy allows.
 */
export type JobStatus = 'CREATED' | 'RUNNING' | 'RESTARTING' | 'CANCELLING' | 'FINISHED' | 'FAILED' | 'CANCELED';

/** Whether a job in `status` will never change again. */
export function isTerminal(status: JobStatus): boolean {
  return status === 'FINISHED' || status === 'FAILED' || status === 'CANCELED';
}
