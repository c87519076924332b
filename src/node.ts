/**
 * weir for Node: everything of the browser-safe `weir` entry, plus the
 * Node-only parts (the filesystem state backend, worker_threads runners and
 * file connectors arrive with their issues and are exported here).
 * @packageDocumentation
 */
export * from './index.js';
