import type { ErrorCode } from './error-codes.js';
import { WeirError, type WeirErrorOptions } from './weir-error.js';

/** Bad configuration or API arguments: fix the call named in the message. */
export class ConfigError extends WeirError {
  constructor(code: ErrorCode, message: string, options?: WeirErrorOptions) {
    super(code, message, options);
  }
}
