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
  /** CPU seconds the whole process (every thread) spent in the job part, when the clock was given a CPU clock. */
  readonly jobCpuSeconds?: number;
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
  private cpuAtLastReady: number | undefined;

  /** @param cpuSeconds the process's CPU time so far in seconds (Node: `process.cpuUsage`); the job's CPU is reported when given. */
  constructor(private readonly cpuSeconds?: () => number) {
    this.cpuAtLastReady = cpuSeconds?.();
  }

  /** `spawn`, timed: each call's spawn → ready goes into the report. */
  wrap<O, H>(spawn: (options: O) => Promise<H>): (options: O) => Promise<H> {
    return async (options) => {
      const t0 = performance.now();
      const handle = await spawn(options);
      const ready = performance.now();
      this.startupMs.push(ready - t0);
      if (ready > this.lastReadyAt) {
        this.lastReadyAt = ready;
        this.cpuAtLastReady = this.cpuSeconds?.();
      }
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
      ...(this.cpuSeconds === undefined ? {} : { jobCpuSeconds: this.cpuSeconds() - this.cpuAtLastReady! }),
    };
  }
}
