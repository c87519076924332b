import type { Cancel, Clock } from './clock.js';
import type { Millis } from './time-types.js';

/**
 * Wall-clock processing time (`Date.now()`), with callbacks on `setTimeout`.
 *
 * @example
 * ```ts
 * const env = StreamEnvironment.create({ clock: new SystemClock() }); // the default
 * ```
 */
export class SystemClock implements Clock {
  private last = 0;

  now(): Millis {
    // Date.now() can step back when the system clock is adjusted; processing time must not.
    const t = Date.now();
    if (t > this.last) this.last = t;
    return this.last;
  }

  schedule(at: Millis, callback: () => void): Cancel {
    const handle = setTimeout(callback, Math.max(0, at - this.now()));
    return () => clearTimeout(handle);
  }
}
