import type { SerializedThrown } from './serialized-thrown.js';

/**
 * Messages a worker sends its parent beside comlink's traffic, on the same
 * channel. They carry no `id`, so comlink's listener ignores them.
 * - `weir/ready`: the module loaded and its API is exposed; calls may start.
 * - `weir/crashed`: an uncaught error or unhandled rejection in a browser
 *   worker (which, unlike a Node worker, would otherwise keep running).
 */
export type WorkerControlMessage =
  | { readonly type: 'weir/ready' }
  | { readonly type: 'weir/crashed'; readonly error: SerializedThrown };

/** True for a {@link WorkerControlMessage}. */
export function isWorkerControlMessage(data: unknown): data is WorkerControlMessage {
  if (typeof data !== 'object' || data === null) return false;
  const type = (data as { type?: unknown }).type;
  return type === 'weir/ready' || (type === 'weir/crashed' && 'error' in data);
}
