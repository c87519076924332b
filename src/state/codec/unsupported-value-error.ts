import { describeValue } from '../../errors/argument-checks.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { StateError } from '../../errors/state-error.js';

/**
 * Where a value being encoded lives, for error messages: a string, or a
 * function that builds it (called only when encoding fails, so the hot path
 * formats nothing).
 */
export type ValueLocation = string | (() => string);

/** What the value codec encodes (state values, and records between workers), as an error message lists it. */
export const CODEC_VALUE_KINDS =
  'strings, numbers, bigints, booleans, null, undefined, arrays, plain objects, Maps, Sets, Dates, typed arrays, ArrayBuffers and DataViews';

/** The StateError UNSUPPORTED_STATE_VALUE for `value`, found at `path` inside the value stored at `where`. */
export function unsupportedValueError(where: ValueLocation | undefined, path: readonly string[], value: unknown, reason?: string): StateError {
  const place = where === undefined ? 'A value' : typeof where === 'string' ? where : where();
  const inside = path.length === 0 ? '' : ` at ${path.join('')}`;
  return new StateError(
    ErrorCodes.UNSUPPORTED_STATE_VALUE,
    `${place} holds ${reason ?? describeValue(value)}${inside}, which a checkpoint cannot persist. ` +
      `State values must be made of ${CODEC_VALUE_KINDS}; store the fields of a class instance in a plain object instead, ` +
      'and never store functions, symbols, promises or DOM objects.',
  );
}
