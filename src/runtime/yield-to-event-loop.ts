/**
 * Resolves on a later turn of the event loop, so timers, messages and
 * cancellation get a chance to run. Uses `setImmediate` where it exists
 * (Node), else a MessageChannel (browsers: `setTimeout(0)` would be clamped
 * to 4 ms).
 */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
  if (typeof immediate === 'function') return new Promise((resolve) => immediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
