import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sink } from '../../../src/connectors/sink.js';
import { FileSink } from '../../../src/connectors/sinks/fs/file-sink.js';
import { InMemoryTransactionalSink } from '../../../src/connectors/sinks/in-memory-transactional-sink.js';
import { committedPartLines } from '../../support/file-sink-output.js';
import { Ledger, ledgerSink } from './ledger-writer.js';
import { SinkRun, type TakenCheckpoint } from './sink-run.js';

/** What the runtime may do next. */
type Op =
  | { readonly kind: 'write'; readonly count: number }
  | { readonly kind: 'snapshot' }
  | { readonly kind: 'complete'; readonly pick: number; readonly notify: boolean; readonly await: boolean }
  | { readonly kind: 'abort'; readonly pick: number }
  | { readonly kind: 'settle' }
  | { readonly kind: 'crash'; readonly close: boolean };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('write' as const), count: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('snapshot' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('complete' as const), pick: fc.nat(), notify: fc.boolean(), await: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('abort' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('settle' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), close: fc.boolean() }) },
);

/** A sink under test and how to read what it committed. */
interface Subject {
  readonly sink: Sink<number>;
  committed(): number[];
  dispose?(): void;
}

const records = Array.from({ length: 30 }, (_, i) => i);

/**
 * Plays `ops` against the sink like the runtime would, restoring from the
 * latest completed checkpoint after each crash, and checks after every step
 * that the committed output is a prefix of the input (each record once, in
 * order) that never runs ahead of the latest completed checkpoint, and
 * reaches it once its notification or restore is done. At the end the input
 * is finished: everything is committed exactly once.
 */
async function play(subject: Subject, ops: readonly Op[]): Promise<void> {
  let run = await SinkRun.start(subject.sink, records);
  let nextId = 1;
  let inFlight: { id: number; taken: TakenCheckpoint }[] = [];
  let latest: { id: number; taken: TakenCheckpoint } | undefined;
  let floor = 0; // committed output must reach this position
  const outstanding: Promise<void>[] = [];
  const notifications: { promise: Promise<void>; position: number }[] = [];

  const check = () => {
    const committed = subject.committed();
    expect(committed).toEqual(records.slice(0, committed.length));
    expect(committed.length).toBeLessThanOrEqual(latest?.taken.position ?? 0);
    expect(committed.length).toBeGreaterThanOrEqual(floor);
  };

  for (const step of ops) {
    switch (step.kind) {
      case 'write':
        run.write(step.count);
        break;
      case 'snapshot': {
        const id = nextId++;
        inFlight.push({ id, taken: await run.snapshot(id) });
        break;
      }
      case 'complete': {
        if (inFlight.length === 0) break;
        const done = inFlight[step.pick % inFlight.length]!;
        latest = done;
        inFlight = inFlight.filter((c) => c.id > done.id); // older ones are subsumed
        if (!step.notify) break;
        const promise = Promise.resolve(run.writer.notifyCheckpointComplete?.(done.id));
        if (step.await) {
          await promise;
          floor = Math.max(floor, done.taken.position);
        } else {
          notifications.push({ promise, position: done.taken.position });
          outstanding.push(promise);
        }
        break;
      }
      case 'abort': {
        if (inFlight.length === 0) break;
        const failed = inFlight[step.pick % inFlight.length]!;
        inFlight = inFlight.filter((c) => c !== failed);
        run.writer.notifyCheckpointAborted?.(failed.id);
        break;
      }
      case 'settle':
        for (const n of notifications.splice(0)) {
          await n.promise;
          floor = Math.max(floor, n.position);
        }
        break;
      case 'crash':
        if (step.close) run.writer.close?.();
        run = await SinkRun.start(subject.sink, records, latest?.taken);
        inFlight = [];
        floor = Math.max(floor, latest?.taken.position ?? 0);
        break;
    }
    check();
  }
  await run.finish();
  await Promise.all(outstanding);
  expect(subject.committed()).toEqual(records);
}

const subjects: [string, () => Subject, number][] = [
  [
    'a two-phase-commit writer with synchronous commits',
    () => {
      const ledger = new Ledger();
      return { sink: ledgerSink(ledger), committed: () => [...ledger.committed] };
    },
    300,
  ],
  [
    'a two-phase-commit writer with asynchronous pre-commits and commits',
    () => {
      const ledger = new Ledger();
      const later = () => Promise.resolve();
      return { sink: ledgerSink(ledger, { commitGate: later, preCommitGate: later }), committed: () => [...ledger.committed] };
    },
    300,
  ],
  [
    'InMemoryTransactionalSink',
    () => {
      const sink = new InMemoryTransactionalSink<number>();
      return { sink, committed: () => sink.committed() };
    },
    200,
  ],
  [
    'FileSink',
    () => {
      const directory = mkdtempSync(join(tmpdir(), 'weir-file-sink-property-'));
      return {
        sink: new FileSink<number>({ directory }),
        committed: () => committedPartLines(directory).map(Number),
        dispose: () => rmSync(directory, { recursive: true, force: true }),
      };
    },
    40,
  ],
];

describe('exactly-once under random checkpoints, notifications, aborts and crashes', () => {
  it.each(subjects)('commits each record once with %s', async (_name, create, numRuns) => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), async (ops) => {
        const subject = create();
        try {
          await play(subject, ops);
        } finally {
          subject.dispose?.();
        }
      }),
      { numRuns },
    );
  });
});
