/**
 * weir for Node: everything of the browser-safe `weir` entry, plus the
 * Node-only parts: the filesystem state backend, the exactly-once file sink,
 * a `StreamEnvironment` whose configuration can name the filesystem
 * backend, and worker_threads support (`spawnNodeWorker`, `serveNodeWorker`).
 * @packageDocumentation
 */
export * from './index.js';
export { NodeStreamEnvironment as StreamEnvironment } from './node/node-stream-environment.js';
export { FileSystemStateBackend, type FileSystemStateBackendOptions } from './state/fs/file-system-state-backend.js';
export { FileSystemCheckpointStorage } from './state/fs/file-system-checkpoint-storage.js';
export { FileSink } from './connectors/sinks/fs/file-sink.js';
export type { FileSinkOptions } from './connectors/sinks/fs/file-sink-options.js';
export { serveNodeWorker } from './node/serve-node-worker.js';
export { spawnNodeWorker } from './worker/node/spawn-node-worker.js';
export { exposeNodeWorker } from './worker/node/expose-node-worker.js';
export { nodeMessageEndpoint } from './worker/node/node-endpoint.js';
export { runInNodeWorker } from './node/run-in-node-worker.js';
export { runInNodeWorkers } from './node/run-in-node-workers.js';
