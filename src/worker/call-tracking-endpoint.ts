import type { Endpoint } from 'comlink';
import { serializeThrown } from './serialize-thrown.js';

type Listener = EventListenerOrEventListenerObject;

/**
 * An Endpoint in front of a worker that remembers which comlink requests
 * are still unanswered, so that when the worker dies they reject instead of
 * hanging forever (comlink itself never learns that a worker is gone).
 * After {@link CallTrackingEndpoint.failAll} every pending and every later
 * call rejects with the given error.
 *
 * The rejection is delivered as a comlink `throw` reply, so the error
 * transfer handler ({@link installErrorTransfer}) must be installed.
 */
export class CallTrackingEndpoint implements Endpoint {
  private readonly pending = new Set<string>();
  private readonly listeners = new Set<Listener>();
  private failure: { readonly error: Error } | undefined;

  constructor(private readonly inner: Endpoint) {
    inner.addEventListener('message', (event) => this.receive((event as MessageEvent).data));
  }

  postMessage(message: unknown, transfer?: Transferable[]): void {
    const id = requestId(message);
    if (this.failure) {
      if (id !== undefined) queueMicrotask(() => this.replyWithFailure(id));
      return;
    }
    if (id !== undefined) this.pending.add(id);
    this.inner.postMessage(message, transfer);
  }

  addEventListener(_type: string, listener: Listener): void {
    this.listeners.add(listener);
  }

  removeEventListener(_type: string, listener: Listener): void {
    this.listeners.delete(listener);
  }

  start(): void {
    this.inner.start?.();
  }

  /** Rejects every unanswered call, and every later one, with `error`. Only the first call counts. */
  failAll(error: Error): void {
    if (this.failure) return;
    this.failure = { error };
    for (const id of this.pending) this.replyWithFailure(id);
    this.pending.clear();
  }

  private receive(data: unknown): void {
    if (this.failure) return;
    const id = requestId(data);
    if (id !== undefined) this.pending.delete(id);
    this.dispatch(data);
  }

  private replyWithFailure(id: string): void {
    // comlink's wire shape for a thrown result: a HANDLER value named 'throw'.
    this.dispatch({ id, type: 'HANDLER', name: 'throw', value: serializeThrown(this.failure!.error) });
  }

  private dispatch(data: unknown): void {
    const event = { data } as MessageEvent;
    for (const listener of [...this.listeners]) {
      if (typeof listener === 'function') listener(event);
      else listener.handleEvent(event);
    }
  }
}

function requestId(message: unknown): string | undefined {
  const id = typeof message === 'object' && message !== null ? (message as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}
