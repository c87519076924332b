import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import { describeValue } from '../errors/argument-checks.js';

/** Throws ConfigError WEIR_INVALID_PARALLELISM unless `parallelism` is an integer in 1..maxParallelism. */
export function requireParallelism(parallelism: unknown, maxParallelism: number): number {
  if (typeof parallelism !== 'number' || !Number.isInteger(parallelism) || parallelism < 1 || parallelism > maxParallelism) {
    throw new ConfigError(
      ErrorCodes.INVALID_PARALLELISM,
      `parallelism must be an integer from 1 to maxParallelism (${maxParallelism}), got ${describeValue(parallelism)}.`,
    );
  }
  return parallelism;
}
