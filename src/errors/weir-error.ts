import type { ErrorCode } from './error-codes.js';

/** Options shared by every weir error. */
export interface WeirErrorOptions {
  /** The error that caused this one, if any. */
  readonly cause?: unknown;
}

/**
 * Base class of every error weir throws. `code` is stable across releases;
 * `message` says what was wrong and what to do about it.
 *
 * @example
 * ```ts
 * try { env.execute(); } catch (e) {
 *   if (e instanceof WeirError && e.code === ErrorCodes.JOB_ALREADY_EXECUTED) { ... }
 * }
 * ```
 */
export class WeirError extends Error {
  /** Stable, machine-readable code: one of {@link ErrorCodes}. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options: WeirErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    // Subclasses set their own name so that stacks and worker transfer keep the class.
    this.name = new.target.name;
  }
}
