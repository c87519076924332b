import { BehaviorSubject, type Observable } from 'rxjs';
import type { JobClient, JobExecutionResult } from './job-client.js';
import { isTerminal, type JobStatus } from './job-status.js';
import type { PlannedNode } from './execution-plan.js';
import { LocalExecution, type LocalExecutionOptions } from './local-executor.js';

/** Options of a local job run. */
export interface LocalJobOptions extends LocalExecutionOptions {
  readonly jobName: string;
}

/** Runs a planned job in this realm and reports on it. */
export class LocalJobClient implements JobClient {
  readonly jobId: string;
  readonly jobName: string;
  readonly result: Promise<JobExecutionResult>;
  private readonly statusSubject = new BehaviorSubject<JobStatus>('CREATED');
  readonly status$: Observable<JobStatus> = this.statusSubject.asObservable();
  private readonly execution: LocalExecution;
  private readonly startedAt = Date.now();
  private resolveResult!: (result: JobExecutionResult) => void;

  private constructor(plan: readonly PlannedNode[], options: LocalJobOptions) {
    this.jobId = options.jobId;
    this.jobName = options.jobName;
    this.execution = new LocalExecution(plan, options);
    this.result = new Promise<JobExecutionResult>((resolve, reject) => {
      this.resolveResult = resolve;
      this.execution.outcome.then((outcome) => {
        if (isTerminal(this.status)) return;
        if (outcome.status === 'FINISHED') {
          this.setStatus('FINISHED');
          for (const sink of this.execution.jobSinks) sink.onJobFinished?.();
          resolve(this.resultOf('FINISHED'));
        } else {
          this.setStatus('FAILED');
          for (const sink of this.execution.jobSinks) sink.onJobFailed?.(outcome.error);
          reject(outcome.error);
        }
        this.statusSubject.complete();
      });
    });
    // Mark handled: a caller who never awaits `result` must not see an unhandled rejection.
    this.result.catch(() => {});
  }

  /** Deploys and starts the job. */
  static start(plan: readonly PlannedNode[], options: LocalJobOptions): LocalJobClient {
    const client = new LocalJobClient(plan, options);
    client.setStatus('RUNNING');
    client.execution.start();
    return client;
  }

  get status(): JobStatus {
    return this.statusSubject.value;
  }

  async cancel(): Promise<void> {
    if (isTerminal(this.status)) return;
    this.setStatus('CANCELLING');
    this.execution.stop();
    this.setStatus('CANCELED');
    for (const sink of this.execution.jobSinks) sink.onJobCanceled?.();
    this.resolveResult(this.resultOf('CANCELED'));
    this.statusSubject.complete();
  }

  private setStatus(status: JobStatus): void {
    this.statusSubject.next(status);
  }

  private resultOf(status: 'FINISHED' | 'CANCELED'): JobExecutionResult {
    return { jobId: this.jobId, jobName: this.jobName, status, durationMs: Date.now() - this.startedAt };
  }
}
