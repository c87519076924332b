import { requireFunction } from '../../errors/argument-checks.js';
import { ConfigError } from '../../errors/config-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { describeValue } from '../../errors/argument-checks.js';
import type { PollStatus, Source, SourceEmit, SourceReader, SourceSplit } from '../source.js';
import { requireIndexPosition } from './index-position.js';

/** Options of {@link GeneratorSource}. */
export interface GeneratorSourceOptions<T> {
  /** How many records; `Infinity` for an unbounded source. */
  readonly count: number;
  /** The record at index `i`: a pure function of `i`, so the source is replayable. */
  readonly generate: (index: number) => T;
}

/**
 * A deterministic source: record `i` is `generate(i)` for `i` in
 * `[0, count)`. Replayable: its position is the next index.
 */
export class GeneratorSource<T> implements Source<T> {
  readonly name = 'Generator Source';
  readonly replayable = true;
  readonly bounded: boolean;
  private readonly count: number;
  private readonly generate: (index: number) => T;

  constructor(options: GeneratorSourceOptions<T>) {
    const count = options?.count;
    if (!(count === Infinity || (Number.isSafeInteger(count) && count >= 0))) {
      throw new ConfigError(
        ErrorCodes.INVALID_ARGUMENT,
        `The generator source count must be a non-negative integer or Infinity, got ${describeValue(count)}.`,
      );
    }
    requireFunction(options.generate, 'The generator source generate function');
    this.count = count;
    this.generate = options.generate;
    this.bounded = count !== Infinity;
  }

  /** Splits by index: subtask k of n generates indexes k, k + n, k + 2n, ... */
  readonly splittable = true;

  createReader(split?: SourceSplit): SourceReader<T> {
    const { count, generate } = this;
    const step = split?.parallelism ?? 1;
    let index = split?.subtaskIndex ?? 0;
    return {
      pollNext(max: number, emit: SourceEmit<T>): PollStatus {
        if (step === 1) {
          const end = Math.min(count, index + max);
          while (index < end) emit(generate(index++));
        } else {
          for (let n = 0; n < max && index < count; n++, index += step) emit(generate(index));
        }
        return index < count ? 'more' : 'end';
      },
      position: () => index,
      seek(position: unknown) {
        index = requireIndexPosition(position, 'Generator Source');
      },
      close() {},
    };
  }
}
