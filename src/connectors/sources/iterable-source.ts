import type { PollStatus, Source, SourceEmit, SourceReader } from '../source.js';
import { requireIndexPosition } from './index-position.js';

/**
 * Emits what an iterable yields. Replayable only if iterating it again
 * yields the same sequence (an array, a Set, a generator *function* wrapped
 * as `{ [Symbol.iterator]: gen }`): resuming re-iterates and skips the
 * records already emitted.
 */
export class IterableSource<T> implements Source<T> {
  readonly name = 'Iterable Source';
  /** False for a one-shot iterator (an object with `next`, e.g. a generator object): iterating it again yields nothing. */
  readonly replayable: boolean;
  readonly bounded = true;

  constructor(private readonly iterable: Iterable<T>) {
    this.replayable = typeof (iterable as Partial<Iterator<T>>).next !== 'function';
  }

  createReader(): SourceReader<T> {
    const iterable = this.iterable;
    let iterator: Iterator<T> | undefined;
    let emitted = 0;
    let skip = 0;
    return {
      pollNext(max: number, emit: SourceEmit<T>): PollStatus {
        iterator ??= iterable[Symbol.iterator]();
        for (; skip > 0; skip--) if (iterator.next().done) return 'end';
        for (let n = 0; n < max; n++) {
          const step = iterator.next();
          if (step.done) return 'end';
          emitted++;
          emit(step.value);
        }
        return 'more';
      },
      position: () => emitted,
      seek(position: unknown) {
        emitted = skip = requireIndexPosition(position, 'Iterable Source');
      },
      close() {
        iterator?.return?.();
      },
    };
  }
}
