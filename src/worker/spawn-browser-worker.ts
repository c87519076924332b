import { WorkerLifecycle } from './worker-lifecycle.js';
import type { SpawnWorkerOptions, WorkerHandle } from './worker-handle.js';

/**
 * Starts a module Web Worker from `url` and resolves once it has exposed its
 * API (with {@link exposeBrowserWorker}). With vite, pass
 * `new URL('./x.ts', import.meta.url)` written out at the call site so the
 * worker module is served or bundled. `Worker` is touched only when called.
 *
 * @example
 * ```ts
 * const worker = await spawnBrowserWorker<TaskApi>(new URL('./task-worker.ts', import.meta.url));
 * await worker.remote.run(plan);
 * worker.terminate();
 * ```
 * @throws WorkerError (`WORKER_FAILED`, naming the module and the cause) when the script
 *   cannot be fetched, does not parse, throws while imported, or is not ready within `readyTimeout`.
 */
export async function spawnBrowserWorker<T>(url: string | URL, options: SpawnWorkerOptions = {}): Promise<WorkerHandle<T>> {
  const href = String(url);
  const name = options.name ?? new URL(href, globalThis.location?.href).pathname.split('/').pop()!;
  const worker = new Worker(url, { type: 'module', name });
  const lifecycle = new WorkerLifecycle<T>({
    name,
    module: href,
    endpoint: worker,
    kill: () => worker.terminate(),
    options,
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    lifecycle.failed(...describeErrorEvent(event));
  });
  worker.addEventListener('messageerror', () => lifecycle.failed('a message from it could not be deserialized'));
  return lifecycle.started;
}

/** A worker's `error` event: an ErrorEvent with a message for a throw, a bare Event for a script that failed to load. */
function describeErrorEvent(event: Event): [reason: string, cause?: unknown] {
  const { message, filename, lineno } = event as Partial<ErrorEvent>;
  if (!message) return ['its script could not be fetched or parsed (missing file, wrong MIME type or syntax error)'];
  return [`it threw at ${filename ?? '?'}:${lineno ?? '?'}`, new Error(message)];
}
