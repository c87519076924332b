import { UserFunctionError } from '../errors/user-function-error.js';
import { WeirError } from '../errors/weir-error.js';

/** weir's own errors pass through; anything else a user function threw is wrapped, naming the operator. */
export function toJobError(error: unknown, operatorUid: string): WeirError {
  return error instanceof WeirError ? error : new UserFunctionError(operatorUid, error);
}
