import { ConfigError } from './config-error.js';
import { ErrorCodes } from './error-codes.js';

/**
 * Argument checks for the API edge. Each throws a {@link ConfigError} whose
 * message names the argument and the bad value.
 */

/** Renders a bad value for an error message without throwing on odd inputs. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'})`;
  if (typeof value === 'symbol') return value.toString();
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value !== null && typeof value === 'object') {
    const ctor = Object.getPrototypeOf(value)?.constructor?.name;
    return ctor && ctor !== 'Object' ? `an instance of ${ctor}` : 'a plain object';
  }
  return String(value);
}

/** Throws unless `value` is a function. */
export function requireFunction(value: unknown, what: string): void {
  if (typeof value !== 'function') {
    throw new ConfigError(
      ErrorCodes.NOT_A_FUNCTION,
      `${what} must be a function, got ${describeValue(value)}. Pass a function such as (value) => ...`,
    );
  }
}

/** Throws unless `value` is a non-negative safe integer number of milliseconds (or > 0 when `positive`). */
export function requireDuration(value: unknown, what: string, options: { positive?: boolean } = {}): number {
  const ok =
    typeof value === 'number' && Number.isSafeInteger(value) && (options.positive ? value > 0 : value >= 0);
  if (!ok) {
    throw new ConfigError(
      ErrorCodes.INVALID_DURATION,
      `${what} must be ${options.positive ? 'a positive' : 'a non-negative'} integer number of milliseconds, got ${describeValue(value)}.`,
    );
  }
  return value as number;
}

/** Throws unless `value` is an integer within [min, max]. */
export function requireIntegerInRange(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      ErrorCodes.INVALID_ARGUMENT,
      `${what} must be an integer from ${min} to ${max}, got ${describeValue(value)}.`,
    );
  }
  return value;
}

/** Throws unless `value` is a non-empty string. */
export function requireNonEmptyString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `${what} must be a non-empty string, got ${describeValue(value)}.`);
  }
  return value;
}
