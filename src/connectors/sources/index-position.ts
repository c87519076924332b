import { StateError } from '../../errors/state-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { describeValue } from '../../errors/argument-checks.js';

/** Validates a restored "next index" position of a replayable source. */
export function requireIndexPosition(position: unknown, source: string): number {
  if (typeof position !== 'number' || !Number.isSafeInteger(position) || position < 0) {
    throw new StateError(
      ErrorCodes.STATE_RESTORE_FAILED,
      `${source} cannot resume from position ${describeValue(position)}: expected a non-negative integer index.`,
    );
  }
  return position;
}
