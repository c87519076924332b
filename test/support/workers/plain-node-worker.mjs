// A compiled-JavaScript worker, spawned directly (no tsx bootstrap): speaks the ready handshake by hand.
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { parentPort } from 'node:worker_threads';

expose({ greet: (name) => `hello ${name}` }, nodeEndpoint(parentPort));
parentPort.postMessage({ type: 'weir/ready' });
