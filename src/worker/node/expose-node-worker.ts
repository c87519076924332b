import { expose } from 'comlink';
import { parentPort } from 'node:worker_threads';
import { ErrorCodes } from '../../errors/error-codes.js';
import { WorkerError } from '../../errors/worker-error.js';
import { installErrorTransfer } from '../install-error-transfer.js';
import type { WorkerControlMessage } from '../worker-control-message.js';
import { nodeMessageEndpoint } from './node-endpoint.js';

/**
 * Serves `api` to the thread that spawned this worker (with
 * {@link spawnNodeWorker}) and tells it the worker is ready. Call once, at
 * the end of the worker module. Errors thrown by `api`'s methods reach the
 * caller with their weir class and code.
 *
 * @example
 * ```ts
 * // task-worker.ts
 * exposeNodeWorker({ add: (a: number, b: number) => a + b });
 * ```
 * @throws WorkerError when not running inside a `worker_threads` Worker.
 */
export function exposeNodeWorker(api: object): void {
  if (parentPort === null) {
    throw new WorkerError(
      ErrorCodes.WORKER_FAILED,
      'exposeNodeWorker() was called outside a worker thread. Start this module with spawnNodeWorker(moduleUrl).',
    );
  }
  installErrorTransfer();
  expose(api, nodeMessageEndpoint(parentPort));
  const ready: WorkerControlMessage = { type: 'weir/ready' };
  parentPort.postMessage(ready);
}
