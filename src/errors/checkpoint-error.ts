import type { ErrorCode } from './error-codes.js';
import { WeirError, type WeirErrorOptions } from './weir-error.js';

/** A checkpoint, savepoint or restore failed. */
export class CheckpointError extends WeirError {
  constructor(code: ErrorCode, message: string, options?: WeirErrorOptions) {
    super(code, message, options);
  }
}
