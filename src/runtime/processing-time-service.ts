import type { Cancel, Clock } from '../time/clock.js';
import type { Millis } from '../time/time-types.js';

/**
 * Processing-time callbacks of one operator subtask, on the injected clock.
 * Tracks what it scheduled so `shutdown()` cancels all of it, and routes a
 * throwing callback to `onError` (the task fails) instead of letting it
 * escape as an uncaught error.
 */
export class ProcessingTimeService {
  private readonly pending = new Set<Cancel>();
  private stopped = false;

  constructor(
    readonly clock: Clock,
    private readonly onError: (error: unknown) => void,
  ) {}

  now(): Millis {
    return this.clock.now();
  }

  /** Runs `callback(time)` once processing time reaches `at`. */
  schedule(at: Millis, callback: (time: Millis) => void): Cancel {
    if (this.stopped) return () => {};
    const cancel = this.clock.schedule(at, () => {
      this.pending.delete(cancel);
      if (this.stopped) return;
      try {
        callback(this.clock.now());
      } catch (error) {
        this.onError(error);
      }
    });
    this.pending.add(cancel);
    return () => {
      this.pending.delete(cancel);
      cancel();
    };
  }

  /** Cancels everything scheduled; later `schedule` calls do nothing. */
  shutdown(): void {
    this.stopped = true;
    for (const cancel of this.pending) cancel();
    this.pending.clear();
  }
}
