import { describe, expect, it } from 'vitest';
import { InMemoryTransactionalSink } from '../../../src/connectors/sinks/in-memory-transactional-sink.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { StateError } from '../../../src/errors/state-error.js';
import { SinkRun } from './sink-run.js';

const records = [1, 2, 3, 4, 5, 6, 7, 8, 9];

describe('InMemoryTransactionalSink', () => {
  it('commits what was written before barrier n only when checkpoint n completes', async () => {
    const sink = new InMemoryTransactionalSink<number>();
    const run = await SinkRun.start(sink, records);
    run.write(3);
    await run.snapshot(1);
    run.write(2);
    expect(sink.committed()).toEqual([]);
    expect(sink.pending()).toEqual([1, 2, 3, 4, 5]);
    await run.complete(1);
    expect(sink.committed()).toEqual([1, 2, 3]);
    expect(sink.pending()).toEqual([4, 5]);
  });

  it('commits both checkpoints, in order, when complete(n) is skipped and complete(n + 1) arrives', async () => {
    const sink = new InMemoryTransactionalSink<number>();
    const run = await SinkRun.start(sink, records);
    run.write(2);
    await run.snapshot(1);
    run.write(2);
    await run.snapshot(2);
    run.write(1);
    await run.complete(2);
    expect(sink.committed()).toEqual([1, 2, 3, 4]);
    await run.complete(1);
    expect(sink.committed()).toEqual([1, 2, 3, 4]);
  });

  it('keeps the transaction of an aborted checkpoint pending and commits it with the next completed one', async () => {
    const sink = new InMemoryTransactionalSink<number>();
    const run = await SinkRun.start(sink, records);
    run.write(2);
    await run.snapshot(1);
    run.writer.notifyCheckpointAborted?.(1);
    expect(sink.aborted()).toEqual([]);
    expect(sink.pending()).toEqual([1, 2]);
    run.write(2);
    await run.snapshot(2);
    await run.complete(2);
    expect(sink.committed()).toEqual([1, 2, 3, 4]);
  });

  it('gives the output of a failure-free run after a crash and restore from the last completed checkpoint', async () => {
    const failureFree = new InMemoryTransactionalSink<number>();
    const clean = await SinkRun.start(failureFree, records);
    clean.write(3);
    await clean.snapshot(1);
    await clean.complete(1);
    await clean.finish();

    const sink = new InMemoryTransactionalSink<number>();
    const first = await SinkRun.start(sink, records);
    first.write(3);
    const checkpoint1 = await first.snapshot(1);
    first.write(2);
    await first.complete(1);
    await first.snapshot(2); // never completes
    first.write(2);
    // crash: the first run is dropped without close
    const second = await SinkRun.start(sink, records, checkpoint1);
    expect(sink.pending()).toEqual([]);
    expect(sink.aborted()).toEqual([4, 5, 6, 7]);
    await second.finish();
    expect(sink.committed()).toEqual(failureFree.committed());
    expect(sink.committed()).toEqual(records);
  });

  it('commits the restored checkpoint’s pending transaction when its notification never arrived', async () => {
    const sink = new InMemoryTransactionalSink<number>();
    const first = await SinkRun.start(sink, records);
    first.write(4);
    const checkpoint1 = await first.snapshot(1); // completes, but the runtime crashes before notifying
    first.write(1);
    const second = await SinkRun.start(sink, records, checkpoint1);
    expect(sink.committed()).toEqual([1, 2, 3, 4]);
    await second.finish();
    expect(sink.committed()).toEqual(records);
  });

  it('re-commits a committed transaction idempotently after a restore', async () => {
    const sink = new InMemoryTransactionalSink<number>();
    const first = await SinkRun.start(sink, records);
    first.write(4);
    const checkpoint1 = await first.snapshot(1);
    await first.complete(1);
    expect(sink.committed()).toEqual([1, 2, 3, 4]);
    const second = await SinkRun.start(sink, records, checkpoint1);
    expect(sink.committed()).toEqual([1, 2, 3, 4]);
    await second.finish();
    expect(sink.committed()).toEqual(records);
  });

  it('commits the last transaction and every pending one at finish, without a checkpoint', async () => {
    const sink = new InMemoryTransactionalSink<number>();
    const run = await SinkRun.start(sink, records);
    run.write(3);
    await run.snapshot(1);
    await run.finish();
    expect(sink.committed()).toEqual(records);
    expect(sink.pending()).toEqual([]);
  });

  it('aborts the open transaction on close without finish and leaves pre-committed ones pending', async () => {
    const sink = new InMemoryTransactionalSink<number>();
    const run = await SinkRun.start(sink, records);
    run.write(2);
    await run.snapshot(1);
    run.write(3);
    run.writer.close?.();
    expect(sink.aborted()).toEqual([3, 4, 5]);
    expect(sink.pending()).toEqual([1, 2]);
    expect(sink.committed()).toEqual([]);
  });

  it('pre-commits nothing for a checkpoint that saw no record, and aborts an empty transaction at finish', async () => {
    const sink = new InMemoryTransactionalSink<number>();
    const run = await SinkRun.start(sink, records);
    await run.snapshot(1);
    run.write(1);
    await run.snapshot(2);
    await run.snapshot(3);
    await run.complete(3);
    run.write();
    await run.snapshot(4);
    await run.finish();
    expect(sink.transactions().map((t) => [t.status, t.values])).toEqual([
      ['committed', [1]],
      ['committed', [2, 3, 4, 5, 6, 7, 8, 9]], // opened at barrier 2, empty through barrier 3
      ['aborted', []], // opened at barrier 4; nothing came before finish
    ]);
  });

  it('leaves the transactions of other subtasks alone when one subtask restores', async () => {
    const sink = new InMemoryTransactionalSink<number>();
    const zero = await SinkRun.start(sink, records, undefined, 0);
    const one = await SinkRun.start(sink, [10, 11, 12], undefined, 1);
    zero.write(1);
    one.write(1);
    const zeroAt1 = await zero.snapshot(1);
    await one.snapshot(1);
    one.write(1);
    await SinkRun.start(sink, records, zeroAt1, 0);
    expect(sink.committed()).toEqual([1]);
    expect(sink.pending()).toEqual([10, 11]);
  });

  it('refuses to restore a checkpoint of another sink instance', async () => {
    const other = new InMemoryTransactionalSink<number>();
    const run = await SinkRun.start(other, records);
    run.write(1);
    const checkpoint = await run.snapshot(1);
    const writer = new InMemoryTransactionalSink<number>().createWriter({ subtaskIndex: 0, parallelism: 1 });
    const restore = () => writer.initializeState?.(checkpoint.state);
    expect(restore).toThrow(StateError);
    expect(restore).toThrow(expect.objectContaining({ code: ErrorCodes.STATE_RESTORE_FAILED }));
  });

  it.each([
    ['null', null],
    ['a string', 'state'],
    ['a wrong version', { version: 2, pending: [], open: null }],
    ['a pending entry without checkpoint id', { version: 1, pending: [{ transaction: '0:0' }], open: null }],
    ['no open field', { version: 1, pending: [] }],
  ])('refuses to restore %s as state', (_what, state) => {
    const writer = new InMemoryTransactionalSink<number>().createWriter({ subtaskIndex: 0, parallelism: 1 });
    expect(() => writer.initializeState?.(state)).toThrow(expect.objectContaining({ code: ErrorCodes.STATE_RESTORE_FAILED }));
  });

  it('refuses a restore after the first record and any write after close', async () => {
    const sink = new InMemoryTransactionalSink<number>();
    const run = await SinkRun.start(sink, records);
    run.write(1);
    expect(() => run.writer.initializeState?.({ version: 1, pending: [], open: null })).toThrow(
      expect.objectContaining({ code: ErrorCodes.ILLEGAL_JOB_STATE }),
    );
    run.writer.close?.();
    expect(() => run.write(1)).toThrow(expect.objectContaining({ code: ErrorCodes.ILLEGAL_JOB_STATE }));
  });
});
