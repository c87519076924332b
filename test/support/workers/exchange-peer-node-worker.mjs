// Node 20 cannot run .ts in a worker: register tsx in this thread, then load the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./exchange-peer-node-worker.ts');
