import type { ErrorCode } from './error-codes.js';
import { WeirError, type WeirErrorOptions } from './weir-error.js';

/** A worker could not start, load its pipeline module, or crashed. */
export class WorkerError extends WeirError {
  constructor(code: ErrorCode, message: string, options?: WeirErrorOptions) {
    super(code, message, options);
  }
}
