/**
 * weir for Node: everything of the browser-safe `weir` entry, plus the
 * Node-only parts: the filesystem state backend, the exactly-once file sink,
 * and a `StreamEnvironment` whose configuration can name the filesystem
 * backend. (worker_threads runners arrive with their issue.)
 * @packageDocumentation
 */
export * from './index.js';
export { NodeStreamEnvironment as StreamEnvironment } from './node/node-stream-environment.js';
export { FileSystemStateBackend, type FileSystemStateBackendOptions } from './state/fs/file-system-state-backend.js';
export { FileSystemCheckpointStorage } from './state/fs/file-system-checkpoint-storage.js';
export { FileSink } from './connectors/sinks/fs/file-sink.js';
export type { FileSinkOptions } from './connectors/sinks/fs/file-sink-options.js';
