import { expose } from 'comlink';
import { installErrorTransfer } from './install-error-transfer.js';
import { serializeThrown } from './serialize-thrown.js';
import type { WorkerControlMessage } from './worker-control-message.js';

/** The part of a dedicated worker's global scope this needs (`self` in a Web Worker). */
export interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  addEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void;
  removeEventListener(type: string, listener: (event: never) => void): void;
}

/**
 * Serves `api` to the page that spawned this Web Worker (with
 * {@link spawnBrowserWorker}) and tells it the worker is ready. Uncaught
 * errors and unhandled rejections are sent to the parent with their class
 * and code, which reports the worker as crashed (a browser worker would
 * otherwise keep running after them, and the parent would only see a
 * message string).
 *
 * @example
 * ```ts
 * // task-worker.ts, started with new Worker(new URL('./task-worker.ts', import.meta.url), { type: 'module' })
 * exposeBrowserWorker({ add: (a: number, b: number) => a + b });
 * ```
 */
export function exposeBrowserWorker(api: object, scope: WorkerScope = globalThis as unknown as WorkerScope): void {
  installErrorTransfer();
  expose(api, scope as unknown as Parameters<typeof expose>[1]);
  const crashed = (thrown: unknown): void => {
    const message: WorkerControlMessage = { type: 'weir/crashed', error: serializeThrown(thrown) };
    scope.postMessage(message);
  };
  scope.addEventListener('error', (event) => {
    event.preventDefault();
    crashed(event.error ?? new Error(event.message));
  });
  scope.addEventListener('unhandledrejection', (event) => {
    event.preventDefault();
    crashed(event.reason);
  });
  const ready: WorkerControlMessage = { type: 'weir/ready' };
  scope.postMessage(ready);
}
