import { exposeBrowserWorker } from '../../../src/worker/expose-browser-worker.js';
import { errorApi } from './error-api.js';

exposeBrowserWorker(errorApi);
