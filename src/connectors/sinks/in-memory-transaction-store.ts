import { CheckpointError } from '../../errors/checkpoint-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';

/** Where a transaction of an {@link InMemoryTransactionStore} is in its life. */
export type TransactionStatus = 'open' | 'pre-committed' | 'committed' | 'aborted';

/** A read-only view of one transaction. */
export interface TransactionView<T> {
  /** `<subtask>:<sequence>`; unique within the store. */
  readonly id: string;
  readonly subtaskIndex: number;
  readonly status: TransactionStatus;
  readonly values: readonly T[];
}

interface Transaction<T> {
  readonly id: string;
  readonly subtaskIndex: number;
  status: TransactionStatus;
  readonly values: T[];
}

/**
 * The "external system" behind {@link InMemoryTransactionalSink}: transactions
 * by id, and the committed values in commit order. Outlives job runs, so a
 * restarted job finds the transactions its checkpoint names. Committing a
 * committed transaction does nothing (idempotent commit).
 */
export class InMemoryTransactionStore<T> {
  private readonly byId = new Map<string, Transaction<T>>();
  private readonly committedValues: T[] = [];
  private nextSequence = 0;

  begin(subtaskIndex: number): string {
    const id = `${subtaskIndex}:${this.nextSequence++}`;
    this.byId.set(id, { id, subtaskIndex, status: 'open', values: [] });
    return id;
  }

  append(id: string, value: T): void {
    this.expect(id, 'open', 'write to').values.push(value);
  }

  preCommit(id: string): void {
    this.expect(id, 'open', 'pre-commit').status = 'pre-committed';
  }

  commit(id: string): void {
    const transaction = this.get(id);
    if (transaction.status === 'committed') return;
    this.expect(id, 'pre-committed', 'commit').status = 'committed';
    this.committedValues.push(...transaction.values);
  }

  abort(id: string): void {
    const transaction = this.get(id);
    if (transaction.status === 'committed') {
      throw new CheckpointError(ErrorCodes.CHECKPOINT_FAILED, `Cannot abort transaction ${id}: it is already committed.`);
    }
    transaction.status = 'aborted';
  }

  /** Aborts the open and pre-committed transactions of `subtaskIndex` not in `keep`. */
  abortLingering(subtaskIndex: number, keep: ReadonlySet<string>): void {
    for (const transaction of this.byId.values()) {
      const live = transaction.status === 'open' || transaction.status === 'pre-committed';
      if (live && transaction.subtaskIndex === subtaskIndex && !keep.has(transaction.id)) transaction.status = 'aborted';
    }
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  committed(): T[] {
    return [...this.committedValues];
  }

  transactions(): TransactionView<T>[] {
    return [...this.byId.values()].map((t) => ({ id: t.id, subtaskIndex: t.subtaskIndex, status: t.status, values: [...t.values] }));
  }

  private expect(id: string, status: TransactionStatus, what: string): Transaction<T> {
    const transaction = this.get(id);
    if (transaction.status !== status) {
      throw new CheckpointError(
        ErrorCodes.CHECKPOINT_FAILED,
        `Cannot ${what} transaction ${id}: it is ${transaction.status}, expected ${status}.`,
      );
    }
    return transaction;
  }

  private get(id: string): Transaction<T> {
    const transaction = this.byId.get(id);
    if (transaction === undefined) {
      throw new CheckpointError(
        ErrorCodes.CHECKPOINT_FAILED,
        `Unknown transaction ${JSON.stringify(id)}. Reuse the same sink instance when a job restarts in-process.`,
      );
    }
    return transaction;
  }
}
