import type { ErrorCode } from './error-codes.js';
import { WeirError, type WeirErrorOptions } from './weir-error.js';

/** Keyed or operator state was misused or could not be restored. */
export class StateError extends WeirError {
  constructor(code: ErrorCode, message: string, options?: WeirErrorOptions) {
    super(code, message, options);
  }
}
