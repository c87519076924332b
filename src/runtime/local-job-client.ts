import { BehaviorSubject, type Observable } from 'rxjs';
import type { Sink } from '../connectors/sink.js';
import type { WeirError } from '../errors/weir-error.js';
import type { JobClient, JobExecutionResult } from './job-client.js';
import { isTerminal, type JobStatus } from './job-status.js';
import type { PlannedNode } from './execution-plan.js';
import { LocalExecution, type LocalExecutionOptions } from './local-executor.js';
import { toJobError } from './to-job-error.js';

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
  /** Every distinct sink of the job, with the uid of (one of) its sink operators. */
  private readonly sinkUids: ReadonlyMap<Sink<unknown>, string>;

  private constructor(plan: readonly PlannedNode[], options: LocalJobOptions) {
    this.jobId = options.jobId;
    this.jobName = options.jobName;
    this.execution = new LocalExecution(plan, options);
    this.sinkUids = new Map(plan.filter((p) => p.node.kind === 'sink').map((p) => [p.node.sink!, p.uid]));
    this.result = new Promise<JobExecutionResult>((resolve, reject) => {
      this.resolveResult = resolve;
      this.execution.outcome.then((outcome) => {
        if (isTerminal(this.status)) return;
        if (outcome.status === 'FINISHED') {
          // Sinks hear the end before the status turns terminal: a throwing onJobFinished fails the job.
          const failure = this.notifySinks((sink) => sink.onJobFinished?.());
          this.setStatus(failure === undefined ? 'FINISHED' : 'FAILED');
          if (failure === undefined) resolve(this.resultOf('FINISHED'));
          else reject(failure);
        } else {
          this.setStatus('FAILED');
          this.notifySinks((sink) => sink.onJobFailed?.(outcome.error));
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

  metrics(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = Object.create(null) as Record<string, Record<string, number>>;
    for (const [uid, metrics] of this.execution.metrics) out[uid] = metrics.snapshot();
    return out;
  }

  async cancel(): Promise<void> {
    if (isTerminal(this.status)) return;
    this.setStatus('CANCELLING');
    this.execution.stop();
    this.setStatus('CANCELED');
    this.notifySinks((sink) => sink.onJobCanceled?.());
    this.resolveResult(this.resultOf('CANCELED'));
    this.statusSubject.complete();
  }

  /**
   * Calls a job hook on every sink. Hooks are user code: a throw must not
   * escape as an unhandled rejection or keep `result` from settling, so the
   * first one is returned (naming the sink's uid) for the caller to fail the
   * job with; later ones, and any during failure or cancel, are dropped.
   */
  private notifySinks(hook: (sink: Sink<unknown>) => void): WeirError | undefined {
    let failure: WeirError | undefined;
    for (const [sink, uid] of this.sinkUids) {
      try {
        hook(sink);
      } catch (error) {
        failure ??= toJobError(error, uid);
      }
    }
    return failure;
  }

  private setStatus(status: JobStatus): void {
    this.statusSubject.next(status);
  }

  private resultOf(status: 'FINISHED' | 'CANCELED'): JobExecutionResult {
    return { jobId: this.jobId, jobName: this.jobName, status, durationMs: Date.now() - this.startedAt };
  }
}
