import { releaseLockOfDeadThread } from '../state/fs/directory-lock.js';
import { runInWorker, type RunInWorkerOptions, type WorkerJobClient } from '../worker/run-in-worker.js';

/**
 * `runInWorker` for worker_threads: the same, and when a worker that used
 * the filesystem backend (through `configuration`) crashes, the lock file
 * that dead thread left in the checkpoint directory is removed before the
 * next worker opens it (the process, and so the pid the lock names, lives on).
 *
 * @example
 * ```ts
 * const job = await runInNodeWorker({
 *   worker: (options) => spawnNodeWorker(new URL('./clicks.worker.js', import.meta.url), options),
 *   pipeline: 'clicks',
 *   options: { checkpointing: { interval: 1000 }, configuration: { stateBackend: 'filesystem', stateBackendOptions: { directory } } },
 * });
 * ```
 */
export function runInNodeWorker<P>(options: RunInWorkerOptions<P>): Promise<WorkerJobClient> {
  const configuration = options.options?.configuration;
  const directory = configuration?.stateBackend === 'filesystem' ? configuration.stateBackendOptions?.directory : undefined;
  return runInWorker({
    ...options,
    onWorkerLost: async (worker) => {
      if (typeof directory === 'string' && worker.threadId !== undefined) await releaseLockOfDeadThread(directory, worker.threadId);
      await options.onWorkerLost?.(worker);
    },
  });
}
