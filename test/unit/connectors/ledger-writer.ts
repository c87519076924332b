import type { Sink, SinkWriter } from '../../../src/connectors/sink.js';
import { TwoPhaseCommitSinkWriter } from '../../../src/connectors/sinks/two-phase-commit-sink-writer.js';
import type { TwoPhaseCommitState } from '../../../src/connectors/sinks/two-phase-commit-state.js';

type Status = 'open' | 'pre-committed' | 'committed' | 'aborted';

/** A test "external system": numbered transactions, committed values in commit order, a log of every call. */
export class Ledger {
  readonly transactions: { values: number[]; status: Status }[] = [];
  readonly committed: number[] = [];
  readonly log: string[] = [];
}

/** Makes a step asynchronous: the step completes when the returned promise resolves. */
export type Gate = (transaction: number) => Promise<void>;

export interface LedgerOptions {
  readonly commitGate?: Gate;
  readonly preCommitGate?: Gate;
}

/** A two-phase-commit writer over a {@link Ledger}; commits and pre-commits are asynchronous when gated. */
export class LedgerWriter extends TwoPhaseCommitSinkWriter<number, number> {
  constructor(
    private readonly ledger: Ledger,
    private readonly options: LedgerOptions = {},
  ) {
    super();
  }

  protected beginTransaction(): number {
    this.ledger.transactions.push({ values: [], status: 'open' });
    this.ledger.log.push(`begin ${this.ledger.transactions.length - 1}`);
    return this.ledger.transactions.length - 1;
  }

  protected invoke(transaction: number, value: number): void {
    const t = this.ledger.transactions[transaction]!;
    if (t.status !== 'open') throw new Error(`write to ${t.status} transaction ${transaction}`);
    t.values.push(value);
  }

  protected preCommit(transaction: number): void | Promise<void> {
    this.ledger.log.push(`preCommit ${transaction}`);
    const apply = () => void (this.ledger.transactions[transaction]!.status = 'pre-committed');
    return this.options.preCommitGate === undefined ? apply() : this.options.preCommitGate(transaction).then(apply);
  }

  protected commit(transaction: number): void | Promise<void> {
    this.ledger.log.push(`commit ${transaction}`);
    const apply = () => {
      const t = this.ledger.transactions[transaction]!;
      if (t.status === 'committed') return;
      if (t.status !== 'pre-committed') throw new Error(`commit of ${t.status} transaction ${transaction}`);
      t.status = 'committed';
      this.ledger.committed.push(...t.values);
    };
    return this.options.commitGate === undefined ? apply() : this.options.commitGate(transaction).then(apply);
  }

  protected abort(transaction: number): void {
    this.ledger.log.push(`abort ${transaction}`);
    const t = this.ledger.transactions[transaction]!;
    if (t.status !== 'committed') t.status = 'aborted';
  }

  protected override recoverAndCommit(transaction: number): void | Promise<void> {
    this.ledger.log.push(`recover ${transaction}`);
    return super.recoverAndCommit(transaction);
  }

  protected override abortLingeringTransactions(restored: TwoPhaseCommitState<number>): void {
    const keep = new Set(restored.pending.map((p) => p.transaction));
    this.ledger.transactions.forEach((t, i) => {
      if ((t.status === 'open' || t.status === 'pre-committed') && !keep.has(i)) t.status = 'aborted';
    });
  }
}

/** A sink whose writers are {@link LedgerWriter}s over one ledger. */
export function ledgerSink(ledger: Ledger, options: LedgerOptions = {}): Sink<number> {
  return { name: 'Ledger', createWriter: (): SinkWriter<number> => new LedgerWriter(ledger, options) };
}

/** A promise with its resolve and reject. */
export function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
