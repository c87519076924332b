import type { Observable, Subscription } from 'rxjs';
import type { PollStatus, Source, SourceEmit, SourceReader } from '../source.js';

/**
 * Emits what an RxJS Observable emits, buffered until the runtime pulls it.
 * Not replayable: an Observable cannot be rewound, so after a restore it is
 * subscribed afresh and values emitted before the failure are not seen again
 * (at-most-once for this source). An Observable error fails the job; its
 * completion ends the input.
 */
export class ObservableSource<T> implements Source<T> {
  readonly name = 'Observable Source';
  readonly replayable = false;
  readonly bounded = false;

  constructor(private readonly observable: Observable<T>) {}

  createReader(): SourceReader<T> {
    const observable = this.observable;
    let buffer: T[] = [];
    let head = 0;
    let done = false;
    let failure: { error: unknown } | undefined;
    let wake: (() => void) | undefined;
    const notify = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    // Subscribe when the reader is created (at deployment, inside execute()), not at the first
    // poll a turn later: a hot Observable (a Subject) may emit right after execute() returns.
    const subscription: Subscription = observable.subscribe({
      next: (value) => {
        buffer.push(value);
        notify();
      },
      error: (error: unknown) => {
        failure = { error };
        notify();
      },
      complete: () => {
        done = true;
        notify();
      },
    });
    return {
      pollNext(max: number, emit: SourceEmit<T>): PollStatus {
        const end = Math.min(buffer.length, head + max);
        while (head < end) emit(buffer[head++]!);
        if (head === buffer.length) {
          buffer = [];
          head = 0;
          if (failure !== undefined) throw failure.error;
          return done ? 'end' : 'waiting';
        }
        return 'more';
      },
      waitForData() {
        if (head < buffer.length || done || failure !== undefined) return Promise.resolve();
        return new Promise<void>((resolve) => (wake = resolve));
      },
      position: () => undefined,
      seek() {},
      close() {
        subscription.unsubscribe();
        notify();
      },
    };
  }
}
