import type { Millis } from './time-types.js';

/** Cancels a callback scheduled with {@link Clock.schedule}. */
export type Cancel = () => void;

/**
 * Processing time, injected. Operators never read `Date.now()`; they ask the
 * clock, so tests run on virtual time with {@link ManualClock}.
 *
 * Contract: `now()` never goes backwards. `schedule(at, fn)` calls `fn` once
 * when `now() >= at`, never synchronously inside `schedule` (a real clock runs
 * it on a later turn of the event loop; {@link ManualClock} at its next
 * advance). Callbacks due at the same instant run in the order scheduled.
 */
export interface Clock {
  now(): Millis;
  schedule(at: Millis, callback: () => void): Cancel;
}
