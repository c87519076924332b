import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import { OutputHub } from './output-batches.js';
import { proxy, type Remote } from 'comlink';
import type { CheckpointEvent } from '../checkpoint/checkpoint-events.js';
import { CheckpointStatsTracker, type CheckpointStats } from '../checkpoint/checkpoint-stats.js';
import { requireNonEmptyString } from '../errors/argument-checks.js';
import type { CompletedSavepoint, JobClient, JobExecutionResult } from '../runtime/job-client.js';
import type { JobStatus } from '../runtime/job-status.js';
import { fromTransferableEvent, type TransferableCheckpointEvent } from './checkpoint-event-transfer.js';
import type { WorkerJobApi, WorkerJobListener, WorkerJobOptions } from './serve-worker.js';
import type { SpawnWorkerOptions, WorkerHandle } from './worker-handle.js';
import { WorkerError } from '../errors/worker-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import { createRestartStrategy, type RestartStrategy } from '../runtime/restart-strategy.js';

/** What {@link runInWorker} needs. */
export interface RunInWorkerOptions<P> {
  /**
   * The worker serving the pipeline (from `spawnBrowserWorker`, or
   * `spawnNodeWorker` of `weir/node`), or a function that spawns one with the
   * options given: then a worker that crashes is replaced as the job's
   * restart strategy allows, and the new one restores the latest checkpoint.
   */
  readonly worker: WorkerHandle<WorkerJobApi> | ((options: SpawnWorkerOptions) => Promise<WorkerHandle<WorkerJobApi>>);
  /** Runs after a worker died and before the next starts (`weir/node` frees a filesystem lock the dead thread held). */
  readonly onWorkerLost?: (worker: WorkerHandle<WorkerJobApi>) => Promise<void>;
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
export interface WorkerJobClient extends Omit<JobClient, 'metrics'> {
  /** Current counters per operator uid, read from the worker. */
  metrics(): Promise<Record<string, Record<string, number>>>;
  /**
   * The records the pipeline wrote to `output(name)`, as they arrive (batched by the worker). The first
   * subscriber also gets what arrived before it subscribed; later ones from their subscription on. Completes when the job ends.
   */
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
  const status = new BehaviorSubject<JobStatus>('CREATED');
  const events = new Subject<CheckpointEvent>();
  const outputs = new OutputHub();
  const stats = new CheckpointStatsTracker();
  events.subscribe((event) => stats.record(event));
  const setStatus = (s: JobStatus) => {
    if (status.value !== s) status.next(s);
  };
  const listener: WorkerJobListener = proxy({
    status: setStatus,
    checkpointEvent: (event: TransferableCheckpointEvent) => events.next(fromTransferableEvent(event)),
    output: async (name: string, values: unknown[]) => outputs.next({ name, values }),
  });
  const jobOptions = options.options ?? {};
  const supervisor = new WorkerSupervisor(options, pipeline, jobOptions, listener, setStatus);
  const first = await supervisor.startAttempt(jobOptions);
  const result = supervisor.run(first).finally(() => {
    // Terminal status and the last events arrived before the result (messages are ordered).
    events.complete();
    outputs.complete();
    status.complete();
  });
  result.catch(() => {});
  return new RemoteJob(first.jobId, pipeline, () => supervisor.current, result, status, events, outputs, stats);
}

/** One started attempt: its worker, its job id, and a promise of a crash of that worker. */
interface Attempt {
  readonly worker: WorkerHandle<WorkerJobApi>;
  readonly jobId: string;
  readonly crashed: Promise<WorkerError>;
}

/**
 * Keeps a job running across worker crashes: a worker that dies (uncaught
 * error, out of memory, terminated by someone else) is replaced when the
 * job's restart strategy allows, and the new one restores the latest
 * completed checkpoint from the job's storage (or starts as the first did
 * when checkpointing is off). Failures inside the job are the worker's own
 * restart strategy's business; only crashes of the worker come here.
 */
class WorkerSupervisor<P> {
  current!: Remote<WorkerJobApi>;
  private readonly strategy: RestartStrategy;

  constructor(
    private readonly options: RunInWorkerOptions<P>,
    private readonly pipeline: string,
    private readonly jobOptions: WorkerJobOptions,
    private readonly listener: WorkerJobListener,
    private readonly setStatus: (status: JobStatus) => void,
  ) {
    this.strategy = createRestartStrategy(jobOptions.restartStrategy, jobOptions.checkpointing !== undefined);
  }

  async startAttempt(jobOptions: WorkerJobOptions): Promise<Attempt> {
    let reportCrash!: (error: WorkerError) => void;
    const crashed = new Promise<WorkerError>((resolve) => (reportCrash = resolve));
    const given = this.options.worker;
    const worker = typeof given === 'function' ? await given({ onCrash: (error) => reportCrash(error) }) : given;
    this.current = worker.remote;
    const jobId = await worker.remote.start(this.pipeline, this.options.params, jobOptions, this.listener);
    return { worker, jobId, crashed };
  }

  /** Resolves or rejects as the job does, replacing crashed workers while the strategy allows. */
  async run(first: Attempt): Promise<JobExecutionResult> {
    let attempt = first;
    for (;;) {
      const outcome = await Promise.race([
        (attempt.worker.remote.result() as Promise<JobExecutionResult>).then(
          (result) => ({ kind: 'finished' as const, result }),
          (error: unknown) => ({ kind: 'failed' as const, error }),
        ),
        attempt.crashed.then((error) => ({ kind: 'crashed' as const, error })),
      ]);
      if (outcome.kind === 'finished') return outcome.result;
      const crash = outcome.kind === 'crashed' ? outcome.error : await crashOf(attempt, outcome.error);
      if (crash === undefined) throw (outcome as { error: unknown }).error;
      const delay = typeof this.options.worker === 'function' ? this.strategy.onFailure(Date.now()) : undefined;
      if (delay === undefined) {
        this.setStatus('FAILED');
        throw crash;
      }
      this.setStatus('RESTARTING');
      await this.options.onWorkerLost?.(attempt.worker);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      // With checkpointing the new worker resumes from the latest completed checkpoint in the job's storage.
      const restore = this.jobOptions.checkpointing !== undefined ? { from: 'latest' as const } : this.jobOptions.restore;
      attempt = await this.startAttempt({ ...this.jobOptions, ...(restore === undefined ? {} : { restore }) });
    }
  }
}

/** The crash behind a failed `result()` call (a worker that died answers pending calls with WORKER_FAILED). */
async function crashOf(attempt: Attempt, error: unknown): Promise<WorkerError | undefined> {
  if (!(error instanceof WorkerError) || error.code !== ErrorCodes.WORKER_FAILED) return undefined;
  return Promise.race([attempt.crashed, new Promise<WorkerError>((resolve) => setTimeout(() => resolve(error), 100))]);
}

class RemoteJob implements WorkerJobClient {
  readonly jobName: string;

  constructor(
    readonly jobId: string,
    pipeline: string,
    private readonly remoteNow: () => Remote<WorkerJobApi>,
    readonly result: Promise<JobExecutionResult>,
    private readonly statusSubject: BehaviorSubject<JobStatus>,
    private readonly events: Subject<CheckpointEvent>,
    private readonly outputs: OutputHub,
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
    return this.remoteNow().metrics() as Promise<Record<string, Record<string, number>>>;
  }

  cancel(): Promise<void> {
    return this.remoteNow().cancel();
  }

  triggerCheckpoint(): Promise<{ checkpointId: number; location: string }> {
    return this.remoteNow().triggerCheckpoint();
  }

  triggerSavepoint(): Promise<CompletedSavepoint> {
    return this.remoteNow().triggerSavepoint();
  }

  stopWithSavepoint(): Promise<CompletedSavepoint> {
    return this.remoteNow().stopWithSavepoint();
  }

  output$<T>(name: string): Observable<T> {
    return this.outputs.records<T>(name);
  }

}
