import type { PollStatus, Source, SourceEmit, SourceReader, SourceSplit } from '../source.js';
import { requireIndexPosition } from './index-position.js';

/** Emits the elements of an array, in order. Replayable: its position is the next index. */
export class ArraySource<T> implements Source<T> {
  readonly name = 'Array Source';
  readonly replayable = true;
  readonly bounded = true;

  constructor(private readonly items: readonly T[]) {}

  /** Splits by index: subtask k of n reads indexes k, k + n, k + 2n, ... */
  readonly splittable = true;

  createReader(split?: SourceSplit): SourceReader<T> {
    const items = this.items;
    const step = split?.parallelism ?? 1;
    let index = split?.subtaskIndex ?? 0;
    return {
      pollNext(max: number, emit: SourceEmit<T>): PollStatus {
        for (let n = 0; n < max && index < items.length; n++, index += step) emit(items[index]!);
        return index < items.length ? 'more' : 'end';
      },
      position: () => index,
      seek(position: unknown) {
        index = requireIndexPosition(position, 'Array Source');
      },
      close() {},
    };
  }
}
