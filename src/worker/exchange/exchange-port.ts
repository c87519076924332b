/** The transfer list of a message that transfers nothing (shared: it is never written). */
export const NO_TRANSFER: ArrayBuffer[] = [];

/**
 * One end of a two-way message channel, structurally: a browser
 * `MessagePort` (or `Worker` / `DedicatedWorkerGlobalScope`) and a Node
 * `worker_threads` `MessagePort` both fit, without importing either.
 *
 * Contract: messages posted on one end arrive at the other in order;
 * `transfer` lists ArrayBuffers whose ownership moves with the message.
 * The exchange listens with `addEventListener` when the port has it (then
 * calls `start()`), else through `onmessage`. It calls `close()` once, when
 * its side of the channel is done.
 */
export interface ExchangePort {
  /**
   * `transfer` holds only ArrayBuffers (the one type both platforms' transfer
   * lists name alike), and is always passed (the browser's overloads differ otherwise).
   */
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  /** Gets `MessageEvent`s: typed as plain `Event` so that each platform's own signature fits. */
  addEventListener?(type: 'message', listener: (event: Event) => void): void;
  removeEventListener?(type: 'message', listener: (event: Event) => void): void;
  /** Set to a `(event: { data }) => void` listener when there is no `addEventListener` (typed loosely: each platform types it its own way). */
  onmessage?: unknown;
  start?(): void;
  close(): void;
}

/** Starts delivering `port`'s messages to `listener` (browser and Node `MessageEvent`s both carry the message as `data`); returns what stops it. */
export function listen(port: ExchangePort, listener: (event: MessageEvent) => void): () => void {
  if (typeof port.addEventListener === 'function') {
    const onEvent = listener as (event: Event) => void;
    port.addEventListener('message', onEvent);
    // A browser MessagePort queues messages until start() when listened to with addEventListener.
    port.start?.();
    return () => port.removeEventListener?.('message', onEvent);
  }
  port.onmessage = listener;
  return () => {
    port.onmessage = null;
  };
}
