import { ErrorCodes } from '../errors/error-codes.js';
import { WeirError } from '../errors/weir-error.js';
import { describeValue } from '../errors/argument-checks.js';

/**
 * Milliseconds: event time, processing time and durations. Always a safe
 * integer. Java's `long` timestamps map onto JS numbers as follows:
 * `Long.MIN_VALUE` ("no timestamp", the initial watermark) is
 * {@link MIN_TIMESTAMP}, `Long.MAX_VALUE` (end of time, the final watermark)
 * is {@link MAX_TIMESTAMP}.
 */
export type Millis = number;

/** The smallest timestamp; also "no timestamp" and the initial watermark. */
export const MIN_TIMESTAMP: Millis = Number.MIN_SAFE_INTEGER;

/** The largest timestamp: end of time and the final watermark at end of input. */
export const MAX_TIMESTAMP: Millis = Number.MAX_SAFE_INTEGER;

/** Thrown for a timestamp or watermark that is not a safe integer. */
export class InvalidTimestampError extends WeirError {
  constructor(what: string, value: unknown) {
    super(
      ErrorCodes.INVALID_TIMESTAMP,
      `${what} must be a safe integer number of milliseconds (${MIN_TIMESTAMP}..${MAX_TIMESTAMP}), got ${describeValue(value)}. ` +
        'Round or convert it, e.g. Math.floor(date.getTime()).',
    );
  }
}

/** Throws {@link InvalidTimestampError} unless `value` is a safe integer. */
export function requireTimestamp(value: unknown, what: string): Millis {
  if (!Number.isSafeInteger(value)) throw new InvalidTimestampError(what, value);
  return value as Millis;
}

/**
 * `a + b` clamped to the safe range, so that "end of time plus lateness"
 * stays end of time instead of losing precision.
 */
export function saturatingAdd(a: Millis, b: Millis): Millis {
  const sum = a + b;
  if (sum >= MAX_TIMESTAMP) return MAX_TIMESTAMP;
  if (sum <= MIN_TIMESTAMP) return MIN_TIMESTAMP;
  return sum;
}
