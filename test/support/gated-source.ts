import type { PollStatus, Source, SourceEmit, SourceReader } from '../../src/connectors/source.js';

/**
 * A replayable, bounded test source that emits `generate(i)` for `i` below
 * `count`, but never past the gate: at the gate it waits (as a live source
 * would) until the test opens the gate further. Lets a test hold a job
 * running at a known record while it takes checkpoints or savepoints.
 */
export class GatedSource<T> implements Source<T> {
  readonly name = 'Gated Source';
  readonly replayable = true;
  readonly bounded = true;
  private gate: number;
  private readonly waiting = new Set<() => void>();
  private reached = 0;
  private readonly reachedWaiters: { at: number; resolve: () => void }[] = [];

  constructor(
    private readonly count: number,
    private readonly generate: (index: number) => T,
    gate = count,
  ) {
    this.gate = gate;
  }

  /** Lets the source run up to (not including) record `gate`; `Infinity` opens it for good. */
  open(gate = Infinity): void {
    this.gate = gate;
    for (const wake of [...this.waiting]) wake();
  }

  /** Resolves once some reader has emitted every record before `index`. */
  whenReached(index: number): Promise<void> {
    if (this.reached >= index) return Promise.resolve();
    return new Promise((resolve) => this.reachedWaiters.push({ at: index, resolve }));
  }

  createReader(): SourceReader<T> {
    let index = 0;
    const source = this;
    return {
      pollNext(max: number, emit: SourceEmit<T>): PollStatus {
        const end = Math.min(source.count, source.gate, index + max);
        while (index < end) emit(source.generate(index++));
        source.markReached(index);
        if (index >= source.count) return 'end';
        return index >= source.gate ? 'waiting' : 'more';
      },
      waitForData: () =>
        new Promise<void>((resolve) => {
          const wake = () => {
            source.waiting.delete(wake);
            resolve();
          };
          source.waiting.add(wake);
          if (index < source.gate) wake();
        }),
      position: () => index,
      seek(position: unknown) {
        index = position as number;
      },
      close() {},
    };
  }

  private markReached(index: number): void {
    if (index <= this.reached) return;
    this.reached = index;
    for (let i = this.reachedWaiters.length - 1; i >= 0; i--) {
      const waiter = this.reachedWaiters[i]!;
      if (waiter.at <= index) {
        this.reachedWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }
}
