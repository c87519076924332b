import { exposeNodeWorker } from '../../../src/worker/node/expose-node-worker.js';
import { errorApi } from './error-api.js';

/** The error API plus Node-only ways to die. */
export const nodeApi = {
  ...errorApi,
  exitSoon(code: number): void {
    setTimeout(() => process.exit(code), 0);
  },
};

export type NodeApi = typeof nodeApi;

exposeNodeWorker(nodeApi);
