import { yieldToEventLoop } from '../../../src/runtime/yield-to-event-loop.js';

/** Lets `n` turns of the event loop pass (no wall-clock waiting). */
export async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await yieldToEventLoop();
}

/** Yields to the event loop until `condition` holds; throws after `maxTurns` turns. */
export async function until(condition: () => boolean, maxTurns = 1000): Promise<void> {
  for (let i = 0; i < maxTurns; i++) {
    if (condition()) return;
    await yieldToEventLoop();
  }
  if (!condition()) throw new Error(`condition not reached after ${maxTurns} turns of the event loop`);
}
