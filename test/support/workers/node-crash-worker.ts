import { serveNodeWorker } from '../../../src/node/serve-node-worker.js';
import { crashesOnce, diesOnSignal } from './node-crash-pipelines.js';

serveNodeWorker({ crashesOnce, diesOnSignal });
