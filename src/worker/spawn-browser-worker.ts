import { WorkerLifecycle } from './worker-lifecycle.js';
import type { SpawnWorkerOptions, WorkerHandle } from './worker-handle.js';

/**
 * Starts a module Web Worker from `url` (or takes one already created) and
 * resolves once it has exposed its API (with {@link exposeBrowserWorker}).
 * For a Vite production build, create the worker at the call site —
 * `new Worker(new URL('./x.worker.ts', import.meta.url), { type: 'module' })`
 * — and pass it: that is the form Vite bundles as a worker. `Worker` is
 * touched only when called.
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
export async function spawnBrowserWorker<T>(url: string | URL | Worker, options: SpawnWorkerOptions = {}): Promise<WorkerHandle<T>> {
  // A Worker made at the call site (`new Worker(new URL('./x.ts', import.meta.url), { type: 'module' })`)
  // is what Vite recognises and bundles as a worker in production builds.
  const given = typeof Worker !== 'undefined' && url instanceof Worker ? url : undefined;
  const href = given === undefined ? String(url) : (options.name ?? 'worker');
  const name = options.name ?? (given === undefined ? new URL(href, globalThis.location?.href).pathname.split('/').pop()! : 'worker');
  const worker = given ?? new Worker(url as string | URL, { type: 'module', name });
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
