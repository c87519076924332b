import { describe, expect, it } from 'vitest';
import type { TwoPhaseCommitState } from '../../../src/connectors/sinks/two-phase-commit-state.js';
import { deferred, Ledger, LedgerWriter, type Gate } from './ledger-writer.js';

/** Gates that open one by one, per transaction; `requested` lists the transactions that waited, in order. */
function manualGates(): { gate: Gate; open(transaction: number): void; fail(transaction: number, error: unknown): void; requested: number[] } {
  const waiting = new Map<number, ReturnType<typeof deferred>>();
  const requested: number[] = [];
  const entry = (t: number) => {
    if (!waiting.has(t)) waiting.set(t, deferred());
    return waiting.get(t)!;
  };
  return {
    gate: (t) => {
      requested.push(t);
      return entry(t).promise;
    },
    open: (t) => entry(t).resolve(),
    fail: (t, error) => entry(t).reject(error),
    requested,
  };
}

/** Lets every queued promise callback run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

function write(writer: LedgerWriter, ...values: number[]): void {
  for (const v of values) writer.write(v, undefined);
}

describe('TwoPhaseCommitSinkWriter', () => {
  it('pre-commits at the barrier and opens the next transaction there, as the state records', () => {
    const ledger = new Ledger();
    const writer = new LedgerWriter(ledger);
    write(writer, 1, 2);
    const state = writer.snapshotState(7) as TwoPhaseCommitState<number>;
    expect(state).toEqual({ version: 1, pending: [{ checkpointId: 7, transaction: 0 }], open: 1 });
    expect(ledger.log).toEqual(['begin 0', 'preCommit 0', 'begin 1']);
  });

  it('runs asynchronous commits one at a time, in checkpoint order, when notifications overlap', async () => {
    const ledger = new Ledger();
    const gates = manualGates();
    const writer = new LedgerWriter(ledger, { commitGate: gates.gate });
    write(writer, 1);
    writer.snapshotState(1);
    write(writer, 2);
    writer.snapshotState(2);
    const first = writer.notifyCheckpointComplete(1);
    const second = writer.notifyCheckpointComplete(2);
    await settle();
    expect(gates.requested).toEqual([0]);
    gates.open(1);
    await settle();
    expect(ledger.committed).toEqual([]);
    gates.open(0);
    await first;
    await second;
    expect(gates.requested).toEqual([0, 1]);
    expect(ledger.committed).toEqual([1, 2]);
  });

  it('keeps a transaction whose commit is in flight in the state, so a restore commits it (idempotently)', async () => {
    const ledger = new Ledger();
    const gates = manualGates();
    const writer = new LedgerWriter(ledger, { commitGate: gates.gate });
    write(writer, 1);
    writer.snapshotState(1);
    const committing = writer.notifyCheckpointComplete(1);
    write(writer, 2);
    const state = structuredClone(writer.snapshotState(2));
    expect(state).toMatchObject({ pending: [{ checkpointId: 1, transaction: 0 }, { checkpointId: 2, transaction: 1 }] });
    gates.open(0);
    await committing;
    const restored = new LedgerWriter(ledger);
    await restored.initializeState(state);
    expect(ledger.committed).toEqual([1, 2]);
    expect(ledger.log.filter((l) => l.startsWith('recover'))).toEqual(['recover 0', 'recover 1']);
  });

  it('resolves initializeState only once the restored transactions are committed', async () => {
    const ledger = new Ledger();
    const writer = new LedgerWriter(ledger);
    write(writer, 1, 2);
    const state = structuredClone(writer.snapshotState(1));
    const gates = manualGates();
    const restored = new LedgerWriter(ledger, { commitGate: gates.gate });
    let done = false;
    const recovery = Promise.resolve(restored.initializeState(state)).then(() => (done = true));
    await settle();
    expect(done).toBe(false);
    gates.open(0);
    await recovery;
    expect(ledger.committed).toEqual([1, 2]);
    expect(ledger.transactions[1]!.status).toBe('aborted'); // open at the snapshot
  });

  it('acknowledges a snapshot only after an asynchronous pre-commit, and commits after it', async () => {
    const ledger = new Ledger();
    const preCommits = manualGates();
    const writer = new LedgerWriter(ledger, { preCommitGate: preCommits.gate });
    write(writer, 1);
    let acknowledged = false;
    const snapshot = Promise.resolve(writer.snapshotState(1)).then(() => (acknowledged = true));
    write(writer, 2);
    const commit = writer.notifyCheckpointComplete(1);
    await settle();
    expect(acknowledged).toBe(false);
    expect(ledger.committed).toEqual([]);
    preCommits.open(0);
    await snapshot;
    await commit;
    expect(ledger.committed).toEqual([1]);
  });

  it('rejects notifyCheckpointComplete when a commit fails, and fails the later hooks with that error', async () => {
    const ledger = new Ledger();
    const gates = manualGates();
    const writer = new LedgerWriter(ledger, { commitGate: gates.gate });
    write(writer, 1);
    writer.snapshotState(1);
    const failure = new Error('commit refused');
    const commit = writer.notifyCheckpointComplete(1);
    gates.fail(0, failure);
    await expect(commit).rejects.toBe(failure);
    expect(() => writer.snapshotState(2)).toThrow(failure);
    expect(() => writer.notifyCheckpointComplete(2)).toThrow(failure);
    expect(ledger.committed).toEqual([]);
  });

  it('throws from notifyCheckpointComplete when a synchronous commit throws', () => {
    const ledger = new Ledger();
    const writer = new LedgerWriter(ledger);
    write(writer, 1);
    writer.snapshotState(1);
    ledger.transactions[0]!.status = 'aborted'; // the external system lost the transaction
    expect(() => writer.notifyCheckpointComplete(1)).toThrow('commit of aborted transaction 0');
  });

  it('commits at finish without waiting for a checkpoint, even when commits are asynchronous', async () => {
    const ledger = new Ledger();
    const writer = new LedgerWriter(ledger, { commitGate: () => Promise.resolve() });
    write(writer, 1);
    writer.snapshotState(1);
    write(writer, 2);
    await writer.finish();
    writer.close();
    expect(ledger.committed).toEqual([1, 2]);
    expect(ledger.log).not.toContain('abort 1');
  });

  it('ignores a late notification after finish', async () => {
    const ledger = new Ledger();
    const writer = new LedgerWriter(ledger);
    write(writer, 1);
    writer.snapshotState(1);
    await writer.finish();
    await writer.notifyCheckpointComplete(1);
    expect(ledger.committed).toEqual([1]);
    expect(ledger.log.filter((l) => l.startsWith('commit'))).toEqual(['commit 0']);
  });
});
