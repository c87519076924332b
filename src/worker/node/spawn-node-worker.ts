import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describeValue } from '../../errors/argument-checks.js';
import { ConfigError } from '../../errors/config-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { WorkerLifecycle } from '../worker-lifecycle.js';
import type { SpawnWorkerOptions, WorkerHandle } from '../worker-handle.js';
import { nodeMessageEndpoint } from './node-endpoint.js';
import { needsTsx, TSX_BOOTSTRAP_SOURCE, tsxBootstrapData } from './tsx-bootstrap.js';

/**
 * Starts `module` in a `worker_threads` Worker and resolves once it has
 * exposed its API (with {@link exposeNodeWorker}). A compiled `.js`/`.mjs`
 * module runs directly; a `.ts` module (tests, development) runs through a
 * small bootstrap that registers tsx first.
 *
 * @example
 * ```ts
 * const worker = await spawnNodeWorker<TaskApi>(new URL('./task-worker.js', import.meta.url), {
 *   onCrash: (error) => restart(error),
 * });
 * await worker.remote.run(plan);
 * await worker.terminate();
 * ```
 * @throws ConfigError when `module` is neither a file URL nor an absolute path.
 * @throws WorkerError (`WORKER_FAILED`, naming the module and the cause) when the module
 *   is missing, does not compile, throws while imported, or exits or times out before it is ready.
 */
export async function spawnNodeWorker<T>(module: string | URL, options: SpawnWorkerOptions = {}): Promise<WorkerHandle<T>> {
  const moduleUrl = toModuleUrl(module);
  const worker = needsTsx(moduleUrl)
    ? new Worker(TSX_BOOTSTRAP_SOURCE, { eval: true, workerData: tsxBootstrapData(moduleUrl) })
    : new Worker(moduleUrl);
  const lifecycle = new WorkerLifecycle<T>({
    name: options.name ?? moduleUrl.pathname.split('/').pop()!,
    module: moduleUrl.href,
    endpoint: nodeMessageEndpoint(worker),
    kill: () => worker.terminate(),
    options,
  });
  worker.on('error', (error) => lifecycle.failed('it threw', error));
  worker.on('exit', (code) => lifecycle.exited(code));
  const handle = await lifecycle.started;
  return { name: handle.name, remote: handle.remote, terminate: () => handle.terminate(), threadId: worker.threadId };
}

function toModuleUrl(module: string | URL): URL {
  if (module instanceof URL && module.protocol === 'file:') return module;
  if (typeof module === 'string' && module.startsWith('file:')) return new URL(module);
  if (typeof module === 'string' && isAbsolute(module)) return pathToFileURL(module);
  throw new ConfigError(
    ErrorCodes.INVALID_ARGUMENT,
    `spawnNodeWorker module must be a file: URL or an absolute path, got ${describeValue(String(module))}. ` +
      "Use new URL('./worker.js', import.meta.url).",
  );
}
