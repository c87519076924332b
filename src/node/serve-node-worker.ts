import type { PipelineDefinition } from '../worker/pipeline-definition.js';
import { createWorkerJobApi } from '../worker/serve-worker.js';
import { exposeNodeWorker } from '../worker/node/expose-node-worker.js';
import { NodeStreamEnvironment } from './node-stream-environment.js';

/**
 * Serves pipelines by name in this worker_threads worker (the Node twin of
 * `serveWorker`): call it from the worker's module, which imports the
 * modules that define them; the main thread starts it with `spawnNodeWorker`
 * and runs a pipeline with `runInWorker`.
 *
 * @example
 * ```ts
 * // clicks.worker.ts
 * import { serveNodeWorker } from 'weir/node';
 * import { clicks } from './clicks-pipeline.js';
 * serveNodeWorker({ clicks });
 * ```
 */
export function serveNodeWorker(pipelines: Readonly<Record<string, PipelineDefinition<never>>>): void {
  exposeNodeWorker(createWorkerJobApi(pipelines, (options) => NodeStreamEnvironment.create(options)));
}
