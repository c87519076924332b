import { ErrorCodes } from '../../errors/error-codes.js';
import { StateError } from '../../errors/state-error.js';
import type { Millis } from '../../time/time-types.js';
import type { SinkWriter } from '../sink.js';
import { SequentialSteps } from './sequential-steps.js';
import { readTwoPhaseCommitState, type TwoPhaseCommitState } from './two-phase-commit-state.js';

/** Checkpoint id under which `finish` pre-commits the last transaction: after every real checkpoint. */
const END_OF_INPUT = Number.MAX_SAFE_INTEGER;

interface PendingEntry<TXN> {
  readonly checkpointId: number;
  readonly transaction: TXN;
  /** Set while an asynchronous pre-commit runs; the commit waits for it. */
  readonly preCommitted: Promise<void> | undefined;
  /** Restored from a checkpoint: committed through `recoverAndCommit`. */
  readonly recovered: boolean;
}

/**
 * Base of exactly-once sink writers, after Flink's TwoPhaseCommitSinkFunction.
 * Records go into a transaction of the external system; when checkpoint n's
 * barrier arrives the transaction is pre-committed (flushed, ready to commit)
 * and kept pending under n; when checkpoint n completes every pending
 * transaction up to n is committed, in order. A restore commits the pending
 * transactions of the restored checkpoint (it did complete) and aborts the
 * one that was open.
 *
 * Choices, each documented because Flink's answer is not the only one:
 * - a transaction begins with the first record; a checkpoint that saw no new
 *   record pre-commits nothing, so idle subtasks commit no empty transactions;
 * - `notifyCheckpointAborted(n)` keeps n's transaction pending: its records
 *   are before barrier n+1, so the next completed checkpoint commits them
 *   (aborting it would lose them: no restore replays them);
 * - `finish()` (end of a bounded input) pre-commits and commits everything
 *   directly, since no later checkpoint will come. If the job then fails
 *   before it ends (another subtask failing), a restore replays the records
 *   written since the last completed checkpoint and they are committed again;
 * - `close()` without `finish()` (cancel, failure) aborts the open
 *   transaction and leaves the pre-committed ones to the restored writer.
 *
 * Subclasses implement the five transaction steps. Transaction handles go
 * into checkpoints: make them plain data (strings, numbers, arrays, plain
 * objects) and never mutate one after `beginTransaction` returned it.
 * `commit` must be idempotent: after a restore it may run again for a
 * transaction that was already committed.
 *
 * @example
 * ```ts
 * class TableWriter extends TwoPhaseCommitSinkWriter<Row, string> {
 *   protected beginTransaction() { return db.begin(); }            // returns a transaction id
 *   protected invoke(txn: string, row: Row) { db.insert(txn, row); }
 *   protected preCommit(txn: string) { db.prepare(txn); }
 *   protected commit(txn: string) { return db.commitPrepared(txn); } // a no-op when already committed
 *   protected abort(txn: string) { db.rollback(txn); }
 * }
 * ```
 */
export abstract class TwoPhaseCommitSinkWriter<T, TXN> implements SinkWriter<T> {
  private current: TXN | undefined;
  private currentHasRecords = false;
  private readonly pending: PendingEntry<TXN>[] = [];
  private readonly commits = new SequentialSteps();
  private started = false;
  private ended: 'finished' | 'closed' | undefined;

  /** Opens a transaction; called on the first record after a start, restore or pre-commit. */
  protected abstract beginTransaction(): TXN;
  /** Adds one record to `transaction`. A throw fails the job. */
  protected abstract invoke(transaction: TXN, value: T, timestamp: Millis | undefined): void;
  /** Makes `transaction` durable and ready to commit; nothing may be added to it afterwards. */
  protected abstract preCommit(transaction: TXN): void | Promise<void>;
  /** Makes a pre-committed transaction visible. Idempotent. A throw or rejection fails the job. */
  protected abstract commit(transaction: TXN): void | Promise<void>;
  /** Discards a transaction (open or pre-committed). */
  protected abstract abort(transaction: TXN): void;

  /** Commits a pre-committed transaction restored from a checkpoint; `commit` by default. */
  protected recoverAndCommit(transaction: TXN): void | Promise<void> {
    return this.commit(transaction);
  }

  /** Aborts the transaction that was open when the restored checkpoint was taken; `abort` by default. */
  protected recoverAndAbort(transaction: TXN): void {
    this.abort(transaction);
  }

  /**
   * After a restore, aborts transactions the restored state does not know:
   * those begun after the checkpoint, before the failure. Sinks whose external
   * system can hold such transactions override this; by default nothing.
   */
  protected abortLingeringTransactions(_restored: TwoPhaseCommitState<TXN>): void {}

  /** Checks a transaction handle read from a checkpoint; throw a StateError for a bad one. */
  protected readTransaction(value: unknown): TXN {
    return value as TXN;
  }

  /** Commits the restored checkpoint's pending transactions and aborts the rest. Resolves when committed. */
  initializeState(state: unknown): void | Promise<void> {
    if (this.started) {
      throw new StateError(ErrorCodes.ILLEGAL_JOB_STATE, 'A sink writer can only be restored before its first record and only once.');
    }
    if (state === undefined) {
      this.started = true;
      return;
    }
    const restored = readTwoPhaseCommitState(state, (value) => this.readTransaction(value));
    this.started = true;
    for (const { checkpointId, transaction } of restored.pending) {
      this.pending.push({ checkpointId, transaction, preCommitted: undefined, recovered: true });
    }
    const committed = this.commits.run(() => this.commitUpTo(END_OF_INPUT));
    if (restored.open !== null) this.recoverAndAbort(restored.open);
    this.abortLingeringTransactions(restored);
    return committed;
  }

  write(value: T, timestamp: Millis | undefined): void {
    if (this.ended !== undefined) throw this.endedError('write');
    this.started = true;
    if (this.current === undefined) this.current = this.beginTransaction();
    this.invoke(this.current, value, timestamp);
    this.currentHasRecords = true;
  }

  /**
   * Pre-commits the open transaction under `checkpointId` and returns the
   * state to keep. A promise when `preCommit` is asynchronous: the checkpoint
   * must not be acknowledged before it resolves.
   */
  snapshotState(checkpointId: number): TwoPhaseCommitState<TXN> | Promise<TwoPhaseCommitState<TXN>> {
    this.commits.throwIfFailed();
    if (this.ended === 'closed') throw this.endedError('snapshot');
    let preCommitted: Promise<void> | undefined;
    if (this.current !== undefined && this.currentHasRecords) {
      preCommitted = this.preCommitCurrent(checkpointId);
      this.current = this.beginTransaction();
    }
    const state: TwoPhaseCommitState<TXN> = {
      version: 1,
      pending: this.pending.map(({ checkpointId: id, transaction }) => ({ checkpointId: id, transaction })),
      open: this.current ?? null,
    };
    return preCommitted === undefined ? state : preCommitted.then(() => state);
  }

  /** Commits every pending transaction up to `checkpointId` (also those of skipped notifications). */
  notifyCheckpointComplete(checkpointId: number): void | Promise<void> {
    return this.commits.run(() => this.commitUpTo(checkpointId));
  }

  /** Keeps the transaction pending: the next completed checkpoint commits it (see the class notes). */
  notifyCheckpointAborted(_checkpointId: number): void {}

  /** End of input: commits everything written, without waiting for a checkpoint. */
  finish(): void | Promise<void> {
    if (this.ended !== undefined) throw this.endedError('finish');
    const last = this.current;
    this.current = undefined;
    this.ended = 'finished';
    if (last !== undefined && !this.currentHasRecords) this.abort(last);
    if (last !== undefined && this.currentHasRecords) this.preCommitCurrent(END_OF_INPUT, last);
    return this.commits.run(() => this.commitUpTo(END_OF_INPUT));
  }

  /** Aborts the open transaction unless `finish` ran; pre-committed ones stay for the restored writer. */
  close(): void {
    if (this.ended === 'closed') return;
    this.ended = 'closed';
    const open = this.current;
    this.current = undefined;
    if (open !== undefined) this.abort(open);
  }

  /** Pre-commits `transaction` (the current one by default) and keeps it pending under `checkpointId`. */
  private preCommitCurrent(checkpointId: number, transaction = this.current as TXN): Promise<void> | undefined {
    const result = this.preCommit(transaction);
    const preCommitted = result instanceof Promise ? result : undefined;
    preCommitted?.catch(() => {});
    this.pending.push({ checkpointId, transaction, preCommitted, recovered: false });
    this.currentHasRecords = false;
    return preCommitted;
  }

  /** Commits pending transactions up to `checkpointId` in order; synchronous while the commits are. */
  private commitUpTo(checkpointId: number): void | Promise<void> {
    while (this.pending.length > 0 && this.pending[0]!.checkpointId <= checkpointId) {
      const entry = this.pending[0]!;
      const result =
        entry.preCommitted === undefined ? this.commitEntry(entry) : entry.preCommitted.then(() => this.commitEntry(entry));
      if (result instanceof Promise) {
        return result.then(() => {
          this.pending.splice(this.pending.indexOf(entry), 1);
          return this.commitUpTo(checkpointId);
        });
      }
      this.pending.shift();
    }
  }

  private commitEntry(entry: PendingEntry<TXN>): void | Promise<void> {
    return entry.recovered ? this.recoverAndCommit(entry.transaction) : this.commit(entry.transaction);
  }

  private endedError(what: string): StateError {
    return new StateError(
      ErrorCodes.ILLEGAL_JOB_STATE,
      `Cannot ${what}: this sink writer was ${this.ended}. The runtime creates a new writer for each run.`,
    );
  }
}
