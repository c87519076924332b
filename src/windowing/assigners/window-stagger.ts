import { ConfigError } from '../../errors/config-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { describeValue } from '../../errors/argument-checks.js';
import type { Millis } from '../../time/time-types.js';
import { TimeWindow } from '../windows/time-window.js';

/**
 * Shifts tumbling windows by an offset chosen once per assigner, at its first
 * assignment, so that panes of different operator instances do not all fire
 * at the same instant (Flink's WindowStagger).
 *
 * Contract: `staggerOffset` is called once per assigner instance, with the
 * processing time of the first assigned element and the window size; it
 * returns an integer in `[0, size)`.
 *
 * @example
 * ```ts
 * keyed.window(TumblingProcessingTimeWindows.of(60_000, 0, WindowStagger.NATURAL));
 * // Tests: a deterministic random stagger.
 * const stagger = WindowStagger.random(() => 0.25); // offset = size / 4
 * ```
 */
export interface WindowStagger {
  /** For messages and `toString()`: `ALIGNED`, `RANDOM` or `NATURAL`. */
  readonly name: string;
  staggerOffset(currentProcessingTime: Millis, size: Millis): Millis;
}

/** A source of uniform random numbers in `[0, 1)`, like `Math.random`. */
export type RandomSource = () => number;

/** A RANDOM stagger drawing from `source`; inject a fixed source in tests. */
function randomStagger(source: RandomSource): WindowStagger {
  return {
    name: 'RANDOM',
    staggerOffset(_currentProcessingTime, size) {
      const drawn: unknown = source();
      if (typeof drawn !== 'number' || !(drawn >= 0 && drawn < 1)) {
        throw new ConfigError(
          ErrorCodes.INVALID_ARGUMENT,
          `The random source of WindowStagger.random must return a number in [0, 1), got ${describeValue(drawn)}. Pass a function like Math.random.`,
        );
      }
      return Math.floor(drawn * size);
    },
  };
}

const ALIGNED: WindowStagger = { name: 'ALIGNED', staggerOffset: () => 0 };

const NATURAL: WindowStagger = {
  name: 'NATURAL',
  staggerOffset: (currentProcessingTime, size) =>
    Math.max(0, currentProcessingTime - TimeWindow.getWindowStartWithOffset(currentProcessingTime, 0, size)),
};

/** The stagger policies of Flink's WindowStagger, plus a factory for a RANDOM with an injected source. */
export const WindowStagger = {
  /** No stagger: all panes of all instances fire together (the default). */
  ALIGNED,
  /** An offset drawn uniformly from `[0, size)` at the first element. */
  RANDOM: randomStagger(() => Math.random()),
  /**
   * The lag of the first element's processing time inside its unshifted
   * window, so that panes align with the first element (pt 5500, size 5000 → 500).
   */
  NATURAL,
  /** A RANDOM stagger drawing from `source` (deterministic tests). */
  random: randomStagger,
} as const;

/** Whether `value` looks like a {@link WindowStagger}. */
export function isWindowStagger(value: unknown): value is WindowStagger {
  return (
    value !== null && typeof value === 'object' && typeof (value as Partial<WindowStagger>).staggerOffset === 'function'
  );
}
