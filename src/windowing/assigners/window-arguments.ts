import { ConfigError } from '../../errors/config-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { describeValue, requireDuration } from '../../errors/argument-checks.js';
import { MIN_TIMESTAMP, type Millis } from '../../time/time-types.js';
import { isWindowStagger, type WindowStagger } from './window-stagger.js';

/**
 * Argument checks shared by the time-window assigners. Sizes, slides and gaps
 * that are not positive integers are INVALID_DURATION; offsets that break the
 * window geometry are INVALID_ARGUMENT.
 */

/** Throws unless `value` is a positive safe integer (a window size, slide or gap). */
export function requirePositiveMillis(value: unknown, what: string): Millis {
  return requireDuration(value, what, { positive: true });
}

/** Throws unless `offset` is a safe integer with `abs(offset) < bound` (`bound` named `boundName`). */
export function requireOffsetBelow(offset: unknown, bound: Millis, assigner: string, boundName: string): Millis {
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset)) {
    throw new ConfigError(
      ErrorCodes.INVALID_DURATION,
      `${assigner} offset must be an integer number of milliseconds (negative allowed), got ${describeValue(offset)}.`,
    );
  }
  if (Math.abs(offset) >= bound) {
    throw new ConfigError(
      ErrorCodes.INVALID_ARGUMENT,
      `${assigner} parameters must satisfy abs(offset) < ${boundName}, got offset ${offset} and ${boundName} ${bound}. ` +
        `Use an offset from ${-(bound - 1)} to ${bound - 1}.`,
    );
  }
  return offset;
}

/** Throws unless `value` is a {@link WindowStagger} such as `WindowStagger.NATURAL`. */
export function requireStagger(value: unknown, assigner: string): WindowStagger {
  if (!isWindowStagger(value)) {
    throw new ConfigError(
      ErrorCodes.INVALID_ARGUMENT,
      `${assigner} stagger must be a WindowStagger (WindowStagger.ALIGNED, RANDOM or NATURAL), got ${describeValue(value)}.`,
    );
  }
  return value;
}

/** Throws when an event-time assigner gets an element without a timestamp. */
export function requireEventTimestamp(timestamp: Millis, assigner: string): void {
  // `!(>)` also rejects NaN.
  if (!(timestamp > MIN_TIMESTAMP)) {
    throw new ConfigError(
      ErrorCodes.INVALID_ARGUMENT,
      `${assigner} got an element without a timestamp (timestamp ${timestamp}, the "no timestamp" marker MIN_TIMESTAMP). ` +
        'The stream has no event timestamps: call assignTimestampsAndWatermarks(...) before windowing, ' +
        'or use a processing-time assigner.',
    );
  }
}

/** Flink's limit on windows per element for sliding assigners. */
export const MAX_SLIDING_WINDOWS_PER_ELEMENT = 10_000_000;

/** Throws unless a sliding `size` and `slide` give at most {@link MAX_SLIDING_WINDOWS_PER_ELEMENT} windows per element. */
export function requireSlidingWindowCount(size: Millis, slide: Millis, assigner: string): void {
  if (size / slide > MAX_SLIDING_WINDOWS_PER_ELEMENT) {
    throw new ConfigError(
      ErrorCodes.INVALID_ARGUMENT,
      `${assigner} parameters must satisfy size / slide <= ${MAX_SLIDING_WINDOWS_PER_ELEMENT}, got size ${size} and slide ${slide} ` +
        `(${Math.ceil(size / slide)} windows per element). Use a larger slide or a smaller size.`,
    );
  }
}
