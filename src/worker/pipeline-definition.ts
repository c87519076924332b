import type { StreamEnvironment } from '../api/stream-environment.js';
import type { Sink } from '../connectors/sink.js';
import { requireFunction } from '../errors/argument-checks.js';

/** What a pipeline definition is built with, inside the worker that runs it. */
export interface PipelineContext<P> {
  /** The worker's environment, created from the options the main thread passed. */
  readonly env: StreamEnvironment;
  /** The parameters the main thread passed (structured-cloned data). */
  readonly params: P;
  /**
   * A sink whose records reach the main thread as `job.output$(name)`, in
   * batches. At-least-once across restores (like `collect()`); for
   * exactly-once results use a transactional sink in the worker.
   */
  output<T>(name: string): Sink<T>;
}

/**
 * A pipeline that can run in a worker. Functions cannot be posted to a
 * worker, so the pipeline lives in a module that the worker imports: the
 * module exports a definition, the worker script serves it by name
 * ({@link serveWorker}), and the main thread runs it by name with
 * parameters as data ({@link runInWorker}).
 *
 * @example
 * ```ts
 * // clicks-pipeline.ts
 * export const clicks = definePipeline<{ events: number }>(({ env, params, output }) => {
 *   env.fromGenerator({ count: params.events, generate: (i) => ({ user: `u${i % 10}`, at: i }) })
 *     .keyBy((c) => c.user)
 *     .process(new CountClicks())
 *     .sinkTo(output('counts'));
 * });
 * ```
 */
export interface PipelineDefinition<P = unknown> {
  readonly build: (context: PipelineContext<P>) => void;
}

/**
 * Wraps a builder function as a {@link PipelineDefinition}.
 * @throws ConfigError NOT_A_FUNCTION when `build` is not a function.
 */
export function definePipeline<P = unknown>(build: (context: PipelineContext<P>) => void): PipelineDefinition<P> {
  requireFunction(build, 'The pipeline builder');
  return { build };
}
