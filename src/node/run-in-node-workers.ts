import { runInWorkers, type DistributedJobClient, type RunInWorkersOptions } from '../worker/run-in-workers.js';
import { NodeStreamEnvironment } from './node-stream-environment.js';

/**
 * `runInWorkers` for worker_threads: the same, with an environment on the
 * main thread whose configuration may name the filesystem backend (the
 * checkpoint storage is opened and locked here; workers only encode).
 */
export function runInNodeWorkers<P>(options: RunInWorkersOptions<P>): Promise<DistributedJobClient> {
  return runInWorkers({ createEnvironment: (o) => NodeStreamEnvironment.create(o), ...options });
}
