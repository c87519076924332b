import { describeValue, requireFunction, requireNonEmptyString } from '../../../errors/argument-checks.js';
import { ConfigError } from '../../../errors/config-error.js';
import { ErrorCodes } from '../../../errors/error-codes.js';

/** Options of a {@link FileSink}. */
export interface FileSinkOptions<T> {
  /** Directory of the committed part files; created when missing. */
  readonly directory: string;
  /** Renders one record as one line (without the newline); `JSON.stringify` by default. */
  readonly format?: (value: T) => string;
  /** File name prefix: files are `<prefix>-<subtask>-<sequence>`; `part` by default. */
  readonly prefix?: string;
}

/** {@link FileSinkOptions} with the defaults filled in. */
export interface ResolvedFileSinkOptions<T> {
  readonly directory: string;
  readonly format: (value: T) => string;
  readonly prefix: string;
}

const PREFIX = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Checks FileSink options at the API edge and fills in the defaults.
 *
 * @throws ConfigError (INVALID_ARGUMENT, NOT_A_FUNCTION) naming the bad option.
 */
export function resolveFileSinkOptions<T>(options: FileSinkOptions<T>): ResolvedFileSinkOptions<T> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigError(
      ErrorCodes.INVALID_ARGUMENT,
      `FileSink needs an options object such as { directory: 'out' }, got ${describeValue(options)}.`,
    );
  }
  const directory = requireNonEmptyString(options.directory, 'FileSink option directory');
  if (options.format !== undefined) requireFunction(options.format, 'FileSink option format');
  const prefix = options.prefix === undefined ? 'part' : requireNonEmptyString(options.prefix, 'FileSink option prefix');
  if (!PREFIX.test(prefix)) {
    throw new ConfigError(
      ErrorCodes.INVALID_ARGUMENT,
      `FileSink option prefix must be a plain file name part (letters, digits, '_', '.', '-', not starting with '.' or '-'), got ${JSON.stringify(prefix)}.`,
    );
  }
  return { directory, format: options.format ?? ((value: T) => JSON.stringify(value)), prefix };
}
