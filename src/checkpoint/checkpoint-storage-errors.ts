import { CheckpointError } from '../errors/checkpoint-error.js';
import { ErrorCodes } from '../errors/error-codes.js';

/** Errors every checkpoint storage raises alike, so messages read the same whatever the backend. */

/** Nothing committed at `location` (or no chunk `ref`) in `description`. */
export function checkpointNotFound(description: string, what: string, cause?: unknown): CheckpointError {
  return new CheckpointError(
    ErrorCodes.CHECKPOINT_NOT_FOUND,
    `${what} does not exist in checkpoint storage ${description}: it was never committed, or it was discarded. ` +
      'List what exists with listCompleted(), or pass the location of a retained checkpoint or savepoint.',
    cause === undefined ? undefined : { cause },
  );
}

/** `location` is committed already; each checkpoint commits once. */
export function alreadyCommitted(description: string, location: string): CheckpointError {
  return new CheckpointError(
    ErrorCodes.CHECKPOINT_FAILED,
    `Checkpoint '${location}' is already committed in ${description}; each checkpoint id commits once. ` +
      'Take the next checkpoint under a new id.',
  );
}

/** `abortCheckpoint` on a committed location. */
export function abortCommitted(description: string, location: string): CheckpointError {
  return new CheckpointError(
    ErrorCodes.CHECKPOINT_FAILED,
    `Checkpoint '${location}' in ${description} is committed, so it cannot be aborted; discard() it instead.`,
  );
}

/** The id given to commit differs from the one in the location. */
export function locationMismatch(location: string, checkpointId: number): CheckpointError {
  return new CheckpointError(
    ErrorCodes.INVALID_CHECKPOINT_PATH,
    `Location '${location}' does not belong to checkpoint ${checkpointId}; commit checkpoint n at 'chk-n' or 'savepoint-n'.`,
  );
}

/** A pointer resolved by another kind of storage (it carries a filesystem root). */
export function foreignPointer(description: string, root: string): CheckpointError {
  return new CheckpointError(
    ErrorCodes.INVALID_CHECKPOINT_PATH,
    `Checkpoint pointer with root '${root}' does not belong to ${description}; ` +
      'resolve the location with this storage (storage.resolve(location)) before reading it.',
  );
}
