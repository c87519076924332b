import type { Endpoint } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

/** The part of a `worker_threads` Worker or MessagePort (or `parentPort`) that comlink needs. */
export interface NodeMessageTarget {
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  on(event: 'message', listener: (data: unknown) => void): unknown;
  off(event: 'message', listener: (data: unknown) => void): unknown;
  start?(): void;
}

/**
 * A comlink Endpoint over a Node `worker_threads` Worker, `parentPort` or
 * MessagePort, through comlink's own structural adapter (it imports nothing
 * from Node; it turns `on('message', data)` into `addEventListener('message',
 * { data })`). Node-only by placement: nothing in the browser entry imports it.
 *
 * @example
 * ```ts
 * expose(api, nodeMessageEndpoint(parentPort!));
 * ```
 */
export function nodeMessageEndpoint(target: NodeMessageTarget): Endpoint {
  return nodeEndpoint(target);
}
