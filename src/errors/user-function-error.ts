import { ErrorCodes } from './error-codes.js';
import { WeirError } from './weir-error.js';

/**
 * A user function (map, filter, key selector, process function, ...) threw.
 * Fails the job; the restart strategy decides what happens next. `operator`
 * names the operator by its uid and `cause` holds what the function threw.
 */
export class UserFunctionError extends WeirError {
  /** uid of the operator whose function threw. */
  readonly operator: string;

  constructor(operator: string, cause: unknown) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(ErrorCodes.USER_FUNCTION_FAILED, `The user function of operator '${operator}' threw: ${reason}`, { cause });
    this.operator = operator;
  }
}
