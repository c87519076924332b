import { ErrorCodes } from '../../errors/error-codes.js';
import { StateError } from '../../errors/state-error.js';
import { describeValue } from '../../errors/argument-checks.js';
import type { Millis } from '../../time/time-types.js';
import type { Sink, SinkContext, SinkWriter } from '../sink.js';
import { InMemoryTransactionStore, type TransactionView } from './in-memory-transaction-store.js';
import type { TwoPhaseCommitState } from './two-phase-commit-state.js';
import { TwoPhaseCommitSinkWriter } from './two-phase-commit-sink-writer.js';

/**
 * An exactly-once sink that keeps its transactions in memory: what a
 * two-phase-commit sink does, without an external system. For tests and
 * demos. Reuse one instance across restarts of a job in the same process:
 * its transactions outlive the writers, so after a failure and restore
 * {@link InMemoryTransactionalSink.committed} equals the output of a run
 * without failure.
 *
 * @example
 * ```ts
 * const sink = new InMemoryTransactionalSink<number>();
 * stream.sinkTo(sink);
 * await env.execute().result;
 * console.log(sink.committed()); // each record once, in commit order
 * ```
 */
export class InMemoryTransactionalSink<T> implements Sink<T> {
  readonly name = 'In-Memory Transactional Sink';
  private readonly store = new InMemoryTransactionStore<T>();

  createWriter(context: SinkContext): SinkWriter<T> {
    return new InMemoryTransactionalWriter(this.store, context.subtaskIndex);
  }

  /** Committed values, in commit order. */
  committed(): T[] {
    return this.store.committed();
  }

  /** Values written but not committed yet (open and pre-committed transactions). */
  pending(): T[] {
    return this.valuesOf((t) => t.status === 'open' || t.status === 'pre-committed');
  }

  /** Values of aborted transactions. */
  aborted(): T[] {
    return this.valuesOf((t) => t.status === 'aborted');
  }

  /** Every transaction so far, in the order they began. */
  transactions(): TransactionView<T>[] {
    return this.store.transactions();
  }

  private valuesOf(select: (t: TransactionView<T>) => boolean): T[] {
    return this.store.transactions().filter(select).flatMap((t) => t.values);
  }
}

/** One subtask's writer; transaction handles are the store's ids. */
class InMemoryTransactionalWriter<T> extends TwoPhaseCommitSinkWriter<T, string> {
  constructor(
    private readonly store: InMemoryTransactionStore<T>,
    private readonly subtaskIndex: number,
  ) {
    super();
  }

  protected beginTransaction(): string {
    return this.store.begin(this.subtaskIndex);
  }

  protected invoke(transaction: string, value: T, _timestamp: Millis | undefined): void {
    this.store.append(transaction, value);
  }

  protected preCommit(transaction: string): void {
    this.store.preCommit(transaction);
  }

  protected commit(transaction: string): void {
    this.store.commit(transaction);
  }

  protected abort(transaction: string): void {
    this.store.abort(transaction);
  }

  protected override abortLingeringTransactions(restored: TwoPhaseCommitState<string>): void {
    this.store.abortLingering(this.subtaskIndex, new Set(restored.pending.map((p) => p.transaction)));
  }

  protected override readTransaction(value: unknown): string {
    if (typeof value !== 'string' || !this.store.has(value)) {
      throw new StateError(
        ErrorCodes.STATE_RESTORE_FAILED,
        `The checkpoint names transaction ${describeValue(value)}, which this InMemoryTransactionalSink does not hold. ` +
          'Reuse the same sink instance when a job restarts in-process.',
      );
    }
    return value;
  }
}
