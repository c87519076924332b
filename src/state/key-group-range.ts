import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import type { KeyGroup } from './key-group.js';

/**
 * A contiguous, inclusive range of key groups `[start, end]` owned by one
 * subtask. Empty when `end < start`.
 */
export class KeyGroupRange {
  constructor(
    readonly start: KeyGroup,
    readonly end: KeyGroup,
  ) {}

  /** All groups of a job with `maxParallelism` key groups. */
  static all(maxParallelism: number): KeyGroupRange {
    return new KeyGroupRange(0, maxParallelism - 1);
  }

  /**
   * The range subtask `operatorIndex` of `parallelism` owns, as Flink assigns
   * it: contiguous and as even as integer division allows.
   */
  static forOperator(maxParallelism: number, parallelism: number, operatorIndex: number): KeyGroupRange {
    if (parallelism < 1 || parallelism > maxParallelism) {
      throw new ConfigError(
        ErrorCodes.INVALID_PARALLELISM,
        `parallelism must be from 1 to maxParallelism (${maxParallelism}), got ${parallelism}.`,
      );
    }
    const start = Math.floor((operatorIndex * maxParallelism + parallelism - 1) / parallelism);
    const end = Math.floor(((operatorIndex + 1) * maxParallelism - 1) / parallelism);
    return new KeyGroupRange(start, end);
  }

  /** How many key groups the range holds. */
  get size(): number {
    return Math.max(0, this.end - this.start + 1);
  }

  contains(keyGroup: KeyGroup): boolean {
    return keyGroup >= this.start && keyGroup <= this.end;
  }

  /** The groups both ranges hold. */
  intersection(other: KeyGroupRange): KeyGroupRange {
    return new KeyGroupRange(Math.max(this.start, other.start), Math.min(this.end, other.end));
  }

  *[Symbol.iterator](): IterableIterator<KeyGroup> {
    for (let g = this.start; g <= this.end; g++) yield g;
  }

  toString(): string {
    return `KeyGroupRange[${this.start}..${this.end}]`;
  }
}
