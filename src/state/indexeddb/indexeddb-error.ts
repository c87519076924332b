import { CheckpointError } from '../../errors/checkpoint-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { WeirError } from '../../errors/weir-error.js';

/** What each IndexedDB error name means for checkpoint storage, and what to do about it. */
const ADVICE: Record<string, string> = {
  QuotaExceededError:
    "the origin's storage quota is exhausted: discard old savepoints, delete unused databases, or request persistent storage (navigator.storage.persist())",
  AbortError: 'the transaction was aborted (by the browser, by quota, or because the database was deleted or closed)',
  UnknownError: "the browser's storage failed (disk I/O or a damaged profile); retry, or clear this origin's storage",
  InvalidStateError: 'the database connection is closed (the browser closed it, or another connection deleted or upgraded the database)',
  TransactionInactiveError: 'the transaction ended before the request was made',
  VersionError: 'the database exists with a newer version: it is not a weir checkpoint database, or from a newer weir; choose another databaseName',
  NotFoundError: 'an object store is missing: the database was not created by weir; choose another databaseName',
  DataCloneError: 'the data could not be stored (structured clone failed)',
};

/** The `name` of a DOMException-like error, if any. */
export function errorNameOf(error: unknown): string | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * Maps an IndexedDB failure to CheckpointError CHECKPOINT_STORAGE_FAILED
 * naming the DOMException (QuotaExceededError, AbortError, UnknownError, ...)
 * with the original as `cause`. WeirErrors pass through unchanged.
 */
export function indexedDBFailure(error: unknown, action: string, description: string): WeirError {
  if (error instanceof WeirError) return error;
  const name = errorNameOf(error) ?? 'Error';
  const advice = ADVICE[name] ?? 'see the cause for details';
  const detail = error instanceof Error && error.message !== '' ? ` (${error.message})` : '';
  return new CheckpointError(
    ErrorCodes.CHECKPOINT_STORAGE_FAILED,
    `Could not ${action} in checkpoint storage ${description}: ${name} — ${advice}${detail}.`,
    { cause: error },
  );
}
