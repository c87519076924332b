import type { Cancel, Clock } from '../time/clock.js';
import type { Millis } from '../time/time-types.js';
import type { ResolvedCheckpointingOptions } from './checkpointing-options.js';

/** What a {@link PeriodicTrigger} asks its coordinator. */
export interface PeriodicTriggerTarget {
  /** Checkpoints (not savepoints) in flight now. */
  inFlight(): number;
  /** Processing time the last checkpoint completed at (-Infinity before any). */
  lastCompletedAt(): Millis;
  /** Starts a checkpoint now; returns false when none can run (the job is not running). */
  trigger(): boolean;
}

/**
 * Fires periodic checkpoints on the environment's clock: every `interval`,
 * but never while `maxConcurrentCheckpoints` are in flight and never sooner
 * than `minPauseBetweenCheckpoints` after the last one completed (then it
 * looks again a little later, as Flink's coordinator does).
 */
export class PeriodicTrigger {
  private cancel: Cancel | undefined;
  private running = false;

  constructor(
    private readonly clock: Clock,
    private readonly options: Pick<ResolvedCheckpointingOptions, 'interval' | 'maxConcurrentCheckpoints' | 'minPauseBetweenCheckpoints'>,
    private readonly target: PeriodicTriggerTarget,
  ) {}

  /** The first checkpoint comes one interval from now. */
  start(): void {
    this.running = true;
    this.scheduleAt(this.clock.now() + this.options.interval);
  }

  stop(): void {
    this.running = false;
    this.cancel?.();
    this.cancel = undefined;
  }

  private scheduleAt(at: Millis): void {
    if (!this.running) return;
    this.cancel?.();
    this.cancel = this.clock.schedule(at, () => {
      this.cancel = undefined;
      this.fire();
    });
  }

  private fire(): void {
    if (!this.running) return;
    const { interval, maxConcurrentCheckpoints, minPauseBetweenCheckpoints } = this.options;
    const now = this.clock.now();
    const earliest = this.target.lastCompletedAt() + minPauseBetweenCheckpoints;
    if (this.target.inFlight() >= maxConcurrentCheckpoints || now < earliest) {
      this.scheduleAt(Math.max(now + Math.min(interval, 50), earliest));
      return;
    }
    if (this.target.trigger()) this.scheduleAt(now + interval);
  }
}
