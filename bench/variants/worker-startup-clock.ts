/** How a run over workers split its wall time (see {@link WorkerStartupClock}). */
export interface WorkerRunTiming {
  /** From the start of the run until the last worker reported ready (spawning, loading, planning). */
  readonly startupSeconds: number;
  /** From the last worker ready until the job finished: the headline throughput's denominator. */
  readonly jobSeconds: number;
  /** The whole run: `startupSeconds + jobSeconds`. */
  readonly wallSeconds: number;
  /** Spawn → ready of each worker, in the order they became ready (ms). */
  readonly workerStartupMs: readonly number[];
}

/**
 * Times a run over workers in two parts: start-up (until every spawned
 * worker is ready) and the job itself (from then until it finished), from
 * the spawn function the run is given. Browser-safe (no `node:*`).
 */
export class WorkerStartupClock {
  private readonly startedAt = performance.now();
  private lastReadyAt = this.startedAt;
  private readonly startupMs: number[] = [];

  /** `spawn`, timed: each call's spawn → ready goes into the report. */
  wrap<O, H>(spawn: (options: O) => Promise<H>): (options: O) => Promise<H> {
    return async (options) => {
      const t0 = performance.now();
      const handle = await spawn(options);
      const ready = performance.now();
      this.startupMs.push(ready - t0);
      this.lastReadyAt = Math.max(this.lastReadyAt, ready);
      return handle;
    };
  }

  /** Call when the job finished. */
  finish(): WorkerRunTiming {
    const end = performance.now();
    return {
      startupSeconds: (this.lastReadyAt - this.startedAt) / 1000,
      jobSeconds: (end - this.lastReadyAt) / 1000,
      wallSeconds: (end - this.startedAt) / 1000,
      workerStartupMs: [...this.startupMs],
    };
  }
}
