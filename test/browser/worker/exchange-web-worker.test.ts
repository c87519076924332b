import { describeExchangeScenarios } from '../../support/exchange-peer-scenarios.js';

describeExchangeScenarios({
  suite: 'an exchange between a page and a Web Worker (%s)',
  here: 'page',
  spawnPeer() {
    // Written out here so vite serves the worker module.
    const worker = new Worker(new URL('../../support/workers/exchange-peer-web-worker.ts', import.meta.url), { type: 'module' });
    return {
      postMessage: (message, transfer) => worker.postMessage(message, transfer),
      onError: (listener) => (worker.onerror = (event) => listener(new Error(event.message))),
      terminate: () => worker.terminate(),
    };
  },
});
