import { StreamEnvironment } from '../api/stream-environment.js';
import type { StreamEnvironmentOptions } from '../api/stream-environment-options.js';
import { describeValue } from '../errors/argument-checks.js';
import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import type { CompletedSavepoint, JobClient, JobExecutionResult } from '../runtime/job-client.js';
import type { JobStatus } from '../runtime/job-status.js';
import { toTransferableEvent, type TransferableCheckpointEvent } from './checkpoint-event-transfer.js';
import { exposeBrowserWorker } from './expose-browser-worker.js';
import { OutputSink, type OutputChannel } from './output-sink.js';
import type { PipelineDefinition } from './pipeline-definition.js';
import { JobPart, type JobPartListener, type JobPartPlan, type PartChannel } from './job-part.js';
import type { OperatorSnapshot } from '../runtime/operator-snapshot.js';

/**
 * The environment options a main thread may pass to a worker: plain data
 * only. The clock is the worker's system clock; the state backend is picked
 * by name through `configuration` (IndexedDB works inside browser workers,
 * the filesystem inside Node workers).
 */
export type WorkerJobOptions = Omit<StreamEnvironmentOptions, 'clock' | 'stateBackend'>;

/** What the worker tells the main thread while its job runs (a comlink proxy). */
export interface WorkerJobListener {
  status(status: JobStatus): void;
  checkpointEvent(event: TransferableCheckpointEvent): void;
  output(name: string, values: unknown[]): Promise<void>;
}

/** The control channel a worker serves (over comlink). */
export interface WorkerJobApi {
  /** Builds the named pipeline with `params` and starts it; resolves with the job id. */
  start(pipeline: string, params: unknown, options: WorkerJobOptions, listener: WorkerJobListener): Promise<string>;
  /** Resolves or rejects as the job's `result` does. */
  result(): Promise<JobExecutionResult>;
  cancel(): Promise<void>;
  triggerCheckpoint(): Promise<{ checkpointId: number; location: string }>;
  triggerSavepoint(): Promise<CompletedSavepoint>;
  stopWithSavepoint(): Promise<CompletedSavepoint>;
  metrics(): Record<string, Record<string, number>>;

  // A part of a job spread over several workers (see runInWorkers): the main thread coordinates.
  /** Plans the named pipeline for `workers` workers: operators, and channels that cross workers. */
  describePart(pipeline: string, params: unknown, options: WorkerJobOptions, workers: number): JobPartPlan;
  /** Deploys this worker's subtasks (index `index` of `workers`); returns at once. */
  startPart(pipeline: string, params: unknown, options: WorkerJobOptions, part: JobPartStart, listener: Pick<WorkerJobListener, 'output'> & JobPartListener): void;
  /** Resolves when this worker's subtasks finished; rejects with the first failure. */
  partResult(): Promise<void>;
  injectBarrier(checkpointId: number, timestamp: number, savepoint: boolean): boolean;
  notifyCheckpointComplete(checkpointId: number): Promise<void>;
  notifyCheckpointAborted(checkpointId: number): void;
}

/** Where a part runs: its index among the workers, its channel ends, what to restore. */
export interface JobPartStart {
  readonly jobId: string;
  readonly index: number;
  readonly workers: number;
  readonly channels: readonly PartChannel[];
  readonly restore?: ReadonlyMap<string, readonly OperatorSnapshot[]>;
}

/**
 * Serves pipelines by name in this worker: call it from your worker script,
 * which imports the modules that define them. The main thread then runs
 * one with {@link runInWorker}. One job per worker.
 *
 * @example
 * ```ts
 * // clicks.worker.ts (bundled by Vite: new Worker(new URL('./clicks.worker.ts', import.meta.url), { type: 'module' }))
 * import { serveWorker } from 'weir';
 * import { clicks } from './clicks-pipeline';
 * serveWorker({ clicks });
 * ```
 * In Node, use `serveNodeWorker` from `weir/node` instead.
 */
export function serveWorker(pipelines: Readonly<Record<string, PipelineDefinition<never>>>): void {
  exposeBrowserWorker(createWorkerJobApi(pipelines));
}

/**
 * The API {@link serveWorker} exposes. `createEnvironment` builds the
 * worker's environment (`weir/node` passes its own, which knows the
 * filesystem backend).
 */
export function createWorkerJobApi(
  pipelines: Readonly<Record<string, PipelineDefinition<never>>>,
  createEnvironment: (options: WorkerJobOptions) => StreamEnvironment = (options) => StreamEnvironment.create(options),
): WorkerJobApi {
  let job: JobClient | undefined;
  let part: JobPart | undefined;
  let partOutcome: Promise<void> | undefined;
  const lookup = (pipeline: string): PipelineDefinition<never> => {
    const definition = Object.hasOwn(pipelines, pipeline) ? pipelines[pipeline] : undefined;
    if (definition === undefined) {
      throw new ConfigError(
        ErrorCodes.INVALID_ARGUMENT,
        `This worker serves no pipeline named ${describeValue(pipeline)}; it serves ${Object.keys(pipelines).map((n) => `'${n}'`).join(', ') || 'none'}. ` +
          'Pass the name you gave it in serveWorker({ ... }).',
      );
    }
    return definition;
  };
  /** Builds the named pipeline in a fresh environment whose outputs go to `output`. */
  const build = (pipeline: string, params: unknown, options: WorkerJobOptions, output: OutputChannel): StreamEnvironment => {
    const definition = lookup(pipeline);
    const env = createEnvironment(options);
    definition.build({ env, params: params as never, output: (name) => new OutputSink(name, output) });
    return env;
  };
  let delivered: Promise<void> = Promise.resolve();
  const requireJob = (): JobClient => {
    if (job === undefined) {
      throw new ConfigError(ErrorCodes.ILLEGAL_JOB_STATE, 'No job was started in this worker yet; call start() first.');
    }
    return job;
  };
  return {
    async start(pipeline, params, options, listener) {
      if (job !== undefined) {
        throw new ConfigError(ErrorCodes.ILLEGAL_JOB_STATE, 'This worker already runs a job; start each job in a worker of its own.');
      }
      const env = build(pipeline, params, options, (n, values) => listener.output(n, values));
      job = env.execute(pipelineJobName(pipeline));
      // The listener lives behind its own port: its calls and result() replies may overtake each other,
      // so result() settles only after every call so far has been delivered.
      const track = (call: unknown) => {
        delivered = Promise.all([delivered, Promise.resolve(call).catch(() => {})]).then(() => {});
      };
      job.status$.subscribe((status) => track(listener.status(status)));
      job.checkpoints$.subscribe((event) => track(listener.checkpointEvent(toTransferableEvent(event))));
      return job.jobId;
    },
    result: async () => {
      const current = requireJob();
      try {
        return await current.result;
      } finally {
        await delivered;
      }
    },
    cancel: () => requireJob().cancel(),
    triggerCheckpoint: () => requireJob().triggerCheckpoint(),
    triggerSavepoint: () => requireJob().triggerSavepoint(),
    stopWithSavepoint: () => requireJob().stopWithSavepoint(),
    metrics: () => (part !== undefined ? part.metrics() : requireJob().metrics()),
    describePart(pipeline, params, options, workers) {
      return new JobPart(build(pipeline, params, options, async () => {}), 0, workers).describe();
    },
    startPart(pipeline, params, options, start, listener) {
      if (part !== undefined || job !== undefined) {
        throw new ConfigError(ErrorCodes.ILLEGAL_JOB_STATE, 'This worker already runs a job or a part of one; use a worker per part.');
      }
      const env = build(pipeline, params, options, (n, values) => listener.output(n, values));
      part = new JobPart(env, start.index, start.workers);
      partOutcome = part.run(start.channels, start.restore, listener, start.jobId);
      partOutcome.catch(() => {});
    },
    partResult: () => partOutcome ?? Promise.reject(new ConfigError(ErrorCodes.ILLEGAL_JOB_STATE, 'No part of a job was started in this worker.')),
    injectBarrier: (id, timestamp, savepoint) => part?.injectBarrier(id, timestamp, savepoint) ?? false,
    notifyCheckpointComplete: (id) => part?.notifyCheckpointComplete(id) ?? Promise.resolve(),
    notifyCheckpointAborted: (id) => part?.notifyCheckpointAborted(id),
  };
}

function pipelineJobName(pipeline: string): string {
  return `${pipeline} (worker)`;
}
