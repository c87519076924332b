import { serveNodeWorker } from '../../../src/node/serve-node-worker.js';
import { crashesOnce } from './node-crash-pipelines.js';

serveNodeWorker({ crashesOnce });
