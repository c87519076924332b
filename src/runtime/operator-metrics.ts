/** A monotonically increasing count. */
export interface Counter {
  inc(by?: number): void;
  readonly count: number;
}

/**
 * Named counters of one operator, summed over its subtasks
 * (e.g. `numLateRecordsDropped` of a window operator). Read them through
 * `job.metrics()` or the harness.
 */
export class OperatorMetrics {
  private readonly counters = new Map<string, { count: number; inc(by?: number): void }>();

  /** The counter `name`, created at 0 on first use. */
  counter(name: string): Counter {
    let counter = this.counters.get(name);
    if (counter === undefined) {
      counter = {
        count: 0,
        inc(by = 1) {
          this.count += by;
        },
      };
      this.counters.set(name, counter);
    }
    return counter;
  }

  /** Every counter's current value. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = Object.create(null) as Record<string, number>;
    for (const [name, c] of this.counters) out[name] = c.count;
    return out;
  }
}
