import { ErrorCodes } from '../../errors/error-codes.js';
import { StateError } from '../../errors/state-error.js';
import { describeValue } from '../../errors/argument-checks.js';

/** A transaction pre-committed when checkpoint `checkpointId`'s barrier arrived. */
export interface PendingTransaction<TXN> {
  readonly checkpointId: number;
  readonly transaction: TXN;
}

/**
 * What a {@link TwoPhaseCommitSinkWriter} keeps in a checkpoint: plain data.
 * `pending` holds the pre-committed transactions not yet known to be
 * committed, oldest first; `open` the transaction records after the barrier
 * went to (null when none was open).
 */
export interface TwoPhaseCommitState<TXN> {
  readonly version: 1;
  readonly pending: readonly PendingTransaction<TXN>[];
  readonly open: TXN | null;
}

/**
 * Checks the shape of restored two-phase-commit state; each transaction
 * handle goes through `readTransaction`, which throws for a bad one.
 *
 * @throws StateError (STATE_RESTORE_FAILED) naming what is wrong.
 */
export function readTwoPhaseCommitState<TXN>(
  state: unknown,
  readTransaction: (value: unknown) => TXN,
): TwoPhaseCommitState<TXN> {
  if (!isRecord(state) || state['version'] !== 1 || !Array.isArray(state['pending']) || !('open' in state)) {
    throw restoreFailed(`expected { version: 1, pending: [...], open }, got ${describeValue(state)}`);
  }
  const pending = state['pending'].map((entry: unknown): PendingTransaction<TXN> => {
    if (!isRecord(entry) || !Number.isSafeInteger(entry['checkpointId']) || !('transaction' in entry)) {
      throw restoreFailed(`a pending transaction must be { checkpointId, transaction }, got ${describeValue(entry)}`);
    }
    return { checkpointId: entry['checkpointId'] as number, transaction: readTransaction(entry['transaction']) };
  });
  const open = state['open'] === null ? null : readTransaction(state['open']);
  return { version: 1, pending, open };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function restoreFailed(detail: string): StateError {
  return new StateError(
    ErrorCodes.STATE_RESTORE_FAILED,
    `Cannot restore a two-phase-commit sink: ${detail}. Restore from a checkpoint written by the same sink.`,
  );
}
