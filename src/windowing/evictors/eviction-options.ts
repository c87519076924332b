import { ConfigError } from '../../errors/config-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { describeValue } from '../../errors/argument-checks.js';

/** Options shared by the built-in evictors. */
export interface EvictionOptions {
  /** Evict after the window function instead of before it. Default `false`. */
  readonly doEvictAfter?: boolean;
}

/** Reads `doEvictAfter` from `options`; throws ConfigError (INVALID_ARGUMENT) naming `what` on a bad value. */
export function readDoEvictAfter(options: EvictionOptions | undefined, what: string): boolean {
  if (options === undefined) return false;
  if (options === null || typeof options !== 'object') {
    throw new ConfigError(
      ErrorCodes.INVALID_ARGUMENT,
      `${what} options must be an object such as { doEvictAfter: true }, got ${describeValue(options)}.`,
    );
  }
  const { doEvictAfter = false } = options;
  if (typeof doEvictAfter !== 'boolean') {
    throw new ConfigError(
      ErrorCodes.INVALID_ARGUMENT,
      `${what} option doEvictAfter must be a boolean, got ${describeValue(doEvictAfter)}.`,
    );
  }
  return doEvictAfter;
}
