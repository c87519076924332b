import type { Cancel, Clock } from './clock.js';
import { requireTimestamp, type Millis } from './time-types.js';
import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';

interface Scheduled {
  readonly at: Millis;
  readonly seq: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/**
 * A clock that only moves when told to: virtual processing time for tests.
 * `advanceTo` / `advanceBy` run every callback due, in time order, synchronously.
 *
 * @example
 * ```ts
 * const clock = new ManualClock(1000);
 * clock.schedule(1500, () => console.log('fired'));
 * clock.advanceBy(500); // logs "fired"
 * ```
 */
export class ManualClock implements Clock {
  private time: Millis;
  private seq = 0;
  private pending: Scheduled[] = [];

  constructor(start: Millis = 0) {
    this.time = requireTimestamp(start, 'ManualClock start');
  }

  now(): Millis {
    return this.time;
  }

  schedule(at: Millis, callback: () => void): Cancel {
    const entry: Scheduled = { at, seq: this.seq++, callback, cancelled: false };
    this.pending.push(entry);
    return () => {
      entry.cancelled = true;
    };
  }

  /** Moves time forward to `time` and runs every callback due by then. */
  advanceTo(time: Millis): void {
    requireTimestamp(time, 'ManualClock.advanceTo time');
    if (time < this.time) {
      throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `ManualClock cannot go back from ${this.time} to ${time}.`);
    }
    for (;;) {
      const next = this.nextDue(time);
      if (next === undefined) break;
      this.pending.splice(this.pending.indexOf(next), 1);
      // Callbacks observe the time they were scheduled for, as with a real clock.
      if (next.at > this.time) this.time = next.at;
      if (!next.cancelled) next.callback();
    }
    this.time = time;
  }

  /** Moves time forward by `delta` milliseconds. */
  advanceBy(delta: Millis): void {
    this.advanceTo(this.time + delta);
  }

  /** How many callbacks are scheduled and not yet run or cancelled. */
  get pendingCount(): number {
    return this.pending.filter((p) => !p.cancelled).length;
  }

  private nextDue(limit: Millis): Scheduled | undefined {
    let best: Scheduled | undefined;
    for (const p of this.pending) {
      if (p.at > limit) continue;
      if (best === undefined || p.at < best.at || (p.at === best.at && p.seq < best.seq)) best = p;
    }
    return best;
  }
}
