import { BehaviorSubject, Observable, Subject, filter, map } from 'rxjs';
import { proxy, type Remote } from 'comlink';
import type { CheckpointEvent } from '../checkpoint/checkpoint-events.js';
import { CheckpointStatsTracker, type CheckpointStats } from '../checkpoint/checkpoint-stats.js';
import { requireNonEmptyString } from '../errors/argument-checks.js';
import type { CompletedSavepoint, JobExecutionResult } from '../runtime/job-client.js';
import type { JobStatus } from '../runtime/job-status.js';
import { fromTransferableEvent, type TransferableCheckpointEvent } from './checkpoint-event-transfer.js';
import type { WorkerJobApi, WorkerJobListener, WorkerJobOptions } from './serve-worker.js';
import type { WorkerHandle } from './worker-handle.js';

/** What {@link runInWorker} needs. */
export interface RunInWorkerOptions<P> {
  /** The worker serving the pipeline: from `spawnBrowserWorker`, or `spawnNodeWorker` of `weir/node`. */
  readonly worker: WorkerHandle<WorkerJobApi>;
  /** The name the worker script gave the pipeline in `serveWorker({ name: definition })`. */
  readonly pipeline: string;
  /** Parameters for the pipeline: structured-cloneable data. */
  readonly params?: P;
  /** Environment options (data only; the state backend by name through `configuration`). */
  readonly options?: WorkerJobOptions;
}

/**
 * A job running in a worker, seen from the main thread: the same as a
 * {@link JobClient} except that `metrics()` is asynchronous, plus the
 * worker's outputs.
 */
export interface WorkerJobClient {
  readonly jobId: string;
  readonly jobName: string;
  readonly result: Promise<JobExecutionResult>;
  readonly status: JobStatus;
  readonly status$: Observable<JobStatus>;
  readonly checkpoints$: Observable<CheckpointEvent>;
  checkpointStats(): CheckpointStats;
  metrics(): Promise<Record<string, Record<string, number>>>;
  cancel(): Promise<void>;
  triggerCheckpoint(): Promise<{ checkpointId: number; location: string }>;
  triggerSavepoint(): Promise<CompletedSavepoint>;
  stopWithSavepoint(): Promise<CompletedSavepoint>;
  /** The records the pipeline wrote to `output(name)`, as they arrive (batched by the worker). Completes when the job ends. */
  output$<T>(name: string): Observable<T>;
}

/**
 * Starts a pipeline in a worker and returns its client. The worker's script
 * serves the pipeline with `serveWorker`; the job runs there, off the main
 * thread, with the same semantics and checkpoints as in-process. Errors
 * arrive as instances of their weir error classes with their codes.
 *
 * @example
 * ```ts
 * const worker = await spawnBrowserWorker<WorkerJobApi>(new Worker(new URL('./clicks.worker.ts', import.meta.url), { type: 'module' }));
 * const job = await runInWorker({ worker, pipeline: 'clicks', params: { events: 1e6 } });
 * job.output$<Count>('counts').subscribe((c) => render(c));
 * await job.result;
 * await worker.terminate();
 * ```
 * @throws ConfigError when the worker serves no such pipeline or the options are invalid (from the worker, with its code).
 */
export async function runInWorker<P>(options: RunInWorkerOptions<P>): Promise<WorkerJobClient> {
  const pipeline = requireNonEmptyString(options.pipeline, 'runInWorker option `pipeline`');
  const remote = options.worker.remote;
  const status = new BehaviorSubject<JobStatus>('CREATED');
  const events = new Subject<CheckpointEvent>();
  const outputs = new Subject<{ name: string; values: unknown[] }>();
  const stats = new CheckpointStatsTracker();
  events.subscribe((event) => stats.record(event));
  const listener: WorkerJobListener = {
    status: (s) => {
      if (status.value !== s) status.next(s);
    },
    checkpointEvent: (event: TransferableCheckpointEvent) => events.next(fromTransferableEvent(event)),
    output: async (name, values) => outputs.next({ name, values }),
  };
  const jobId = await remote.start(pipeline, options.params, options.options ?? {}, proxy(listener));
  const result = (remote.result() as Promise<JobExecutionResult>).finally(() => {
    // Terminal status and the last events arrived before the result (messages are ordered).
    events.complete();
    outputs.complete();
    status.complete();
  });
  result.catch(() => {});
  return new RemoteJob(jobId, pipeline, remote, result, status, events, outputs, stats);
}

class RemoteJob implements WorkerJobClient {
  readonly jobName: string;

  constructor(
    readonly jobId: string,
    pipeline: string,
    private readonly remote: Remote<WorkerJobApi>,
    readonly result: Promise<JobExecutionResult>,
    private readonly statusSubject: BehaviorSubject<JobStatus>,
    private readonly events: Subject<CheckpointEvent>,
    private readonly outputs: Subject<{ name: string; values: unknown[] }>,
    private readonly stats: CheckpointStatsTracker,
  ) {
    this.jobName = `${pipeline} (worker)`;
  }

  get status(): JobStatus {
    return this.statusSubject.value;
  }

  get status$(): Observable<JobStatus> {
    return this.statusSubject.asObservable();
  }

  get checkpoints$(): Observable<CheckpointEvent> {
    return this.events.asObservable();
  }

  checkpointStats(): CheckpointStats {
    return this.stats.snapshot();
  }

  metrics(): Promise<Record<string, Record<string, number>>> {
    return this.remote.metrics() as Promise<Record<string, Record<string, number>>>;
  }

  cancel(): Promise<void> {
    return this.remote.cancel();
  }

  triggerCheckpoint(): Promise<{ checkpointId: number; location: string }> {
    return this.remote.triggerCheckpoint();
  }

  triggerSavepoint(): Promise<CompletedSavepoint> {
    return this.remote.triggerSavepoint();
  }

  stopWithSavepoint(): Promise<CompletedSavepoint> {
    return this.remote.stopWithSavepoint();
  }

  output$<T>(name: string): Observable<T> {
    return this.outputs.pipe(
      filter((batch) => batch.name === name),
      map((batch) => batch.values as T[]),
      (batches) =>
        new Observable<T>((subscriber) =>
          batches.subscribe({
            next: (values) => {
              for (const value of values) subscriber.next(value);
            },
            error: (error: unknown) => subscriber.error(error),
            complete: () => subscriber.complete(),
          }),
        ),
    );
  }
}
