import { serveNodeWorker } from '../../../src/node/serve-node-worker.js';
import { testPipelines } from './test-pipelines.js';

serveNodeWorker(testPipelines);
