import type { PollStatus, Source, SourceEmit, SourceReader } from '../source.js';
import { requireIndexPosition } from './index-position.js';

/** Emits the elements of an array, in order. Replayable: its position is the next index. */
export class ArraySource<T> implements Source<T> {
  readonly name = 'Array Source';
  readonly replayable = true;
  readonly bounded = true;

  constructor(private readonly items: readonly T[]) {}

  createReader(): SourceReader<T> {
    const items = this.items;
    let index = 0;
    return {
      pollNext(max: number, emit: SourceEmit<T>): PollStatus {
        const end = Math.min(items.length, index + max);
        while (index < end) emit(items[index++]!);
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
