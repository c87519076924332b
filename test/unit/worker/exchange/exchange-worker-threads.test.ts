import { Worker } from 'node:worker_threads';
import { describeExchangeScenarios } from '../../../support/exchange-peer-scenarios.js';

const WORKER = new URL('../../../support/workers/exchange-peer-node-worker.mjs', import.meta.url);

describeExchangeScenarios({
  suite: 'an exchange across worker_threads (%s)',
  here: 'main thread',
  spawnPeer() {
    const worker = new Worker(WORKER);
    return {
      // The global MessageChannel's ports are worker_threads ports under Node.
      postMessage: (message, transfer) => worker.postMessage(message, transfer as never),
      onError: (listener) => void worker.once('error', listener),
      terminate: () => worker.terminate(),
    };
  },
});
