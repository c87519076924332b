import { serveWorker } from '../../../src/worker/serve-worker.js';
import { testPipelines } from './test-pipelines.js';

serveWorker(testPipelines);
