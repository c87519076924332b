import type { Observable } from 'rxjs';
import { OutputHub } from './output-batches.js';
import { StreamEnvironment } from '../api/stream-environment.js';
import { requireIntegerInRange, requireNonEmptyString } from '../errors/argument-checks.js';
import type { JobClient } from '../runtime/job-client.js';
import { LocalJobClient } from '../runtime/local-job-client.js';
import type { WorkerJobApi, WorkerJobOptions } from './serve-worker.js';
import { RemoteExecution } from './remote-execution.js';
import { StandbyWorkers } from './standby-workers.js';
import type { SpawnWorkerOptions, WorkerHandle } from './worker-handle.js';

/** What {@link runInWorkers} needs. */
export interface RunInWorkersOptions<P> {
  /**
   * Spawns one worker serving the pipeline: `workers` times per attempt, again after a failure. The first
   * attempt's workers are spawned before the job is planned, and worker 0 plans it (no extra worker).
   */
  readonly worker: (options: SpawnWorkerOptions) => Promise<WorkerHandle<WorkerJobApi>>;
  /** How many workers. Keyed operators get `options.parallelism` subtasks (default: `workers`), subtask s in worker s % workers. */
  readonly workers: number;
  readonly pipeline: string;
  readonly params?: P;
  /** Environment options (data; the state backend by name through `configuration`, opened on this thread). */
  readonly options?: WorkerJobOptions;
  /** Builds the environment on this thread (`weir/node` passes its own, which knows the filesystem backend). */
  readonly createEnvironment?: (options: WorkerJobOptions) => StreamEnvironment;
}

/** A job spread over workers: a {@link JobClient} (coordinated here) plus the pipeline's outputs. */
export interface DistributedJobClient extends JobClient {
  /**
   * The records the pipeline wrote to `output(name)`, from every worker. The first subscriber also gets
   * what arrived before it subscribed; later ones from their subscription on. Completes when the job ends.
   */
  output$<T>(name: string): Observable<T>;
}

/**
 * Runs one job over several workers, in parallel by key group: every
 * worker builds the same pipeline and runs its share of the subtasks
 * (subtask s of each operator in worker s % N; sources, which run one
 * subtask, in worker 0); records cross between workers in batches with flow
 * control. Checkpoints are coordinated here: barriers go in at the sources,
 * each worker encodes its subtasks' state and sends it here, where the
 * job's storage writes it. A failing or crashing worker fails the attempt;
 * the restart strategy restarts all workers from the latest checkpoint.
 * Resolves once the first attempt's workers are up and worker 0 planned the
 * job (N workers for N, no extra planning worker).
 *
 * @throws WorkerError (`WORKER_FAILED`) when a first-attempt worker fails to start;
 *   the pipeline's own errors (unknown name, a throwing build) from planning. Either way no worker is left running.
 *
 * @example
 * ```ts
 * const job = await runInWorkers({
 *   worker: (o) => spawnBrowserWorker<WorkerJobApi>(new Worker(new URL('./clicks.worker.ts', import.meta.url), { type: 'module' }), o),
 *   workers: 2,
 *   pipeline: 'clicks',
 *   options: { checkpointing: { interval: 1000 }, configuration: { stateBackend: 'indexeddb', stateBackendOptions: { databaseName: 'clicks' } } },
 * });
 * await job.result;
 * ```
 */
export async function runInWorkers<P>(options: RunInWorkersOptions<P>): Promise<DistributedJobClient> {
  const workers = requireIntegerInRange(options.workers, 'runInWorkers option `workers`', 1, 1024);
  const pipeline = requireNonEmptyString(options.pipeline, 'runInWorkers option `pipeline`');
  const jobOptions: WorkerJobOptions = { parallelism: workers, ...options.options };
  const env = (options.createEnvironment ?? ((o: WorkerJobOptions) => StreamEnvironment.create(o)))(jobOptions);
  // The first attempt's workers start together; worker 0 plans the job (any worker plans it the same way), then they run it.
  const standby = await StandbyWorkers.spawn(
    options.worker,
    Array.from({ length: workers }, (_, i) => `${pipeline}-${i}`),
  );
  let client: LocalJobClient;
  const outputs = new OutputHub();
  try {
    const plan = await standby.planner.remote.describePart(pipeline, options.params, jobOptions, workers);
    const settings = env.jobOptions(`${pipeline} (${workers} workers)`);
    client = LocalJobClient.run(
      {
        operators: plan.operators,
        sinks: new Map(),
        nonReplayableSources: plan.nonReplayableSources,
        createExecution: (parameters) =>
          new RemoteExecution({
            ...parameters,
            jobId: settings.jobId,
            spawn: options.worker,
            workers,
            pipeline,
            params: options.params,
            options: jobOptions,
            plan,
            outputs,
            claimWorkers: (onCrash) => standby.claim(onCrash),
          }),
      },
      settings,
    );
  } catch (error) {
    await standby.release();
    throw error;
  }
  // A job that ends before its first attempt started (failed to open its storage, cancelled) never claimed them.
  client.status$.subscribe({
    complete: () => {
      outputs.complete();
      void standby.release();
    },
  });
  return Object.assign(client, { output$: <T>(name: string) => outputs.records<T>(name) });
}
