import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import type { CheckpointingOptions } from '../../../src/checkpoint/checkpointing-options.js';
import type { RestoreSettings } from '../../../src/checkpoint/restore/restore-settings.js';
import type { Sink } from '../../../src/connectors/sink.js';
import { FileSink } from '../../../src/connectors/sinks/fs/file-sink.js';
import { IdempotentUpsertSink } from '../../../src/connectors/sinks/idempotent-upsert-sink.js';
import { InMemoryTransactionalSink } from '../../../src/connectors/sinks/in-memory-transactional-sink.js';
import { TwoPhaseCommitSinkWriter } from '../../../src/connectors/sinks/two-phase-commit-sink-writer.js';
import type { UpsertStore } from '../../../src/connectors/sinks/upsert-store.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { UserFunctionError } from '../../../src/errors/user-function-error.js';
import type { RestartStrategyOptions } from '../../../src/runtime/restart-strategy.js';
import { FileSystemStateBackend } from '../../../src/state/fs/file-system-state-backend.js';
import { MemoryStateBackend } from '../../../src/state/memory/memory-state-backend.js';
import type { StateBackend } from '../../../src/state/state-backend.js';
import {
  countLine,
  CountPerKey,
  expectedCountLines,
  failOnceAt,
  numbered,
  paceByCheckpoints,
  recordStatuses,
  type KeyCount,
  type Numbered,
} from '../../support/counting-job.js';
import { faultyPersistBackend } from '../../support/exactly-once-scenario.js';
import { committedPartLines } from '../../support/file-sink-output.js';
import { GatedSource } from '../../support/gated-source.js';
import { tempDirectories } from '../../support/temp-directories.js';

const directories = tempDirectories('weir-sinks-e2e-');
afterAll(() => directories.removeAll());

const EVENTS = 3000;
const KEYS = 13;
const STEP = 300;

interface CountingJobOptions<OUT> {
  readonly sink: Sink<OUT>;
  readonly render: (count: KeyCount) => OUT;
  readonly source?: GatedSource<Numbered>;
  readonly stateBackend?: StateBackend;
  readonly failAtRecords?: readonly number[];
  /** Subtasks of the failure-injecting map between the source and keyBy (so the keyed operator reads that many channels). */
  readonly mapParallelism?: number;
  readonly sinkParallelism?: number;
  readonly checkpointing?: CheckpointingOptions | null;
  readonly restartStrategy?: RestartStrategyOptions;
  readonly restore?: RestoreSettings;
}

/**
 * source → map (throws at the given records, once) → keyBy → count per key
 * → render → sink, at parallelism 2, with checkpoints every millisecond and
 * restarts without delay unless told otherwise.
 */
function countingJob<OUT>(options: CountingJobOptions<OUT>) {
  const env = StreamEnvironment.create({
    parallelism: 2,
    stateBackend: options.stateBackend ?? new MemoryStateBackend(),
    sourceChunkSize: 37,
    timeSliceMs: 1,
    ...(options.checkpointing === null
      ? {}
      : { checkpointing: options.checkpointing ?? { interval: 1, compactEvery: 3, tolerableFailedCheckpoints: 100 } }),
    restartStrategy: options.restartStrategy ?? { type: 'fixed-delay', attempts: 10, delay: 0 },
    ...(options.restore ? { restore: options.restore } : {}),
  });
  const injected = env
    .fromSource(options.source ?? new GatedSource(EVENTS, (i) => numbered(i, KEYS)))
    .uid('numbers')
    .map(failOnceAt(options.failAtRecords ?? []))
    .uid('fail-injector');
  if (options.mapParallelism !== undefined) injected.setParallelism(options.mapParallelism);
  const sink = injected
    .keyBy((record) => record.key)
    .process(new CountPerKey())
    .uid('count')
    .map(options.render)
    .uid('render')
    .sinkTo(options.sink)
    .uid('sink');
  if (options.sinkParallelism !== undefined) sink.setParallelism(options.sinkParallelism);
  return env.execute('counting');
}

/** Runs the counting job paced by its checkpoints; once it ended, resolves with its statuses and the checkpoints it restored. */
async function runPaced<OUT>(options: Omit<CountingJobOptions<OUT>, 'source'>): Promise<{ statuses: string[]; restored: number[] }> {
  const source = new GatedSource(EVENTS, (i) => numbered(i, KEYS), STEP);
  const job = countingJob({ ...options, source });
  const statuses = recordStatuses(job);
  const restored: number[] = [];
  job.checkpoints$.subscribe((event) => event.type === 'restored' && restored.push(event.checkpointId));
  paceByCheckpoints(job, [source], STEP);
  await job.result;
  return { statuses, restored };
}

/** What a FileSink directory holds: the lines of its committed part files (sorted), and every file not committed. */
async function fileSinkOutput(directory: string): Promise<{ lines: string[]; uncommitted: string[] }> {
  const lines = committedPartLines(directory).sort();
  const uncommitted = await readdir(join(directory, '.pending')).catch(() => []);
  return { lines, uncommitted };
}

/**
 * Runs the counting job into a FileSink and fails it at a record while its
 * first checkpoint is held mid-write: that checkpoint's barrier pre-committed
 * part files, and it never completes.
 */
async function failBeforeTheFirstCheckpointCompletes(directory: string) {
  const source = new GatedSource(EVENTS, (i) => numbered(i, KEYS), STEP);
  const failAt = 3 * STEP + 1;
  let release: (() => void) | undefined;
  const backend = faultyPersistBackend(new MemoryStateBackend(), (location) => {
    if (release !== undefined || !location.startsWith('chk-')) return undefined;
    source.open(failAt + 1);
    return new Promise<void>((resolve) => (release = resolve));
  });
  const job = countingJob({
    sink: new FileSink<KeyCount>({ directory, format: countLine }),
    render: (c) => c,
    source,
    stateBackend: backend,
    failAtRecords: [failAt],
  });
  job.status$.subscribe((status) => status === 'RESTARTING' && release?.());
  const restored: number[] = [];
  job.checkpoints$.subscribe((event) => event.type === 'restored' && restored.push(event.checkpointId));
  paceByCheckpoints(job, [source], STEP);
  await job.result;
  return { restored, output: await fileSinkOutput(directory) };
}

describe('FileSink in a running job', () => {
  it('holds every line exactly once in committed part files after failures and restarts, and leaves nothing uncommitted', async () => {
    const directory = await directories.make();
    const run = await runPaced({
      sink: new FileSink<KeyCount>({ directory, format: countLine }),
      render: (c) => c,
      failAtRecords: [700, 1900],
    });
    expect(run.statuses.filter((s) => s === 'RESTARTING')).toHaveLength(2);
    expect(run.restored).toHaveLength(2);
    expect(run.statuses.at(-1)).toBe('FINISHED');
    const output = await fileSinkOutput(directory);
    expect(output.lines).toEqual(expectedCountLines(EVENTS, KEYS));
    expect(output.uncommitted).toEqual([]);
  });

  it('commits every line exactly once when the job fails before its first checkpoint completed', async () => {
    const run = await failBeforeTheFirstCheckpointCompletes(await directories.make());
    expect(run.restored).toEqual([]); // the restart had no checkpoint to go back to
    expect(run.output.lines).toEqual(expectedCountLines(EVENTS, KEYS));
  });

  // Known gap: the first attempt's barrier pre-committed `.pending/part-<subtask>-0.pending` for a checkpoint that
  // never completed; the restart restores nothing, so no writer ever learns of that file and it stays behind
  // (its records are committed again from the replay, so the committed output is still exactly once).
  it.fails('leaves no pending part file behind when the job fails before its first checkpoint completed', async () => {
    const run = await failBeforeTheFirstCheckpointCompletes(await directories.make());
    expect(run.output.uncommitted).toEqual([]);
  });

  it('resumes a cancelled job from its retained checkpoint path: committed files complete, none duplicated', async () => {
    const checkpoints = await directories.make();
    const output = await directories.make();
    const sink = () => new FileSink<KeyCount>({ directory: output, format: countLine });
    const source = new GatedSource(EVENTS, (i) => numbered(i, KEYS), 1000);
    const first = countingJob({
      sink: sink(),
      render: (c) => c,
      source,
      stateBackend: new FileSystemStateBackend({ directory: checkpoints }),
      checkpointing: { interval: 3_600_000, retainedCheckpoints: 2, retention: 'retain-on-cancellation' },
    });
    await source.whenReached(1000);
    await first.triggerCheckpoint();
    source.open(2000);
    await source.whenReached(2000);
    const retained = await first.triggerCheckpoint();
    source.open(2500);
    await source.whenReached(2500);
    await first.cancel();
    expect(first.status).toBe('CANCELED');
    const beforeResume = await fileSinkOutput(output);
    expect(beforeResume.lines.length).toBeLessThan(EVENTS);

    const second = countingJob({
      sink: sink(),
      render: (c) => c,
      stateBackend: new FileSystemStateBackend({ directory: checkpoints }),
      checkpointing: null,
      restore: { from: join(checkpoints, retained.location) },
    });
    await second.result;
    const resumed = await fileSinkOutput(output);
    expect(resumed.lines).toEqual(expectedCountLines(EVENTS, KEYS));
    expect(resumed.uncommitted).toEqual([]);
  });
});

/** An upsert store that also counts its writes. */
class CountingUpsertStore implements UpsertStore<string, number> {
  readonly entries = new Map<string, number>();
  writes = 0;

  upsert(key: string, value: number): void {
    this.writes++;
    this.entries.set(key, value);
  }
}

describe('IdempotentUpsertSink in a running job', () => {
  it('ends with the store of a failure-free run after failures and restarts, though replays wrote some keys again', async () => {
    const upserts = (store: CountingUpsertStore) => ({
      sink: new IdempotentUpsertSink<string, number, CountingUpsertStore>({ store }),
      render: (c: KeyCount) => [c.key, c.count] as const,
    });
    const clean = new CountingUpsertStore();
    const cleanRun = await runPaced(upserts(clean));
    const recovered = new CountingUpsertStore();
    const recoveredRun = await runPaced({ ...upserts(recovered), failAtRecords: [700, 1900] });
    expect(cleanRun.restored).toEqual([]);
    expect(recoveredRun.restored).toHaveLength(2);
    expect(clean.writes).toBe(EVENTS);
    expect(recovered.writes).toBeGreaterThan(EVENTS);
    expect([...recovered.entries].sort()).toEqual([...clean.entries].sort());
    expect(clean.entries.get('k0')).toBe(Math.ceil(EVENTS / KEYS));
  });
});

describe('InMemoryTransactionalSink in a running job', () => {
  it('commits every result exactly once from both of its subtasks after failures, its keyed input read from two channels', async () => {
    const sink = new InMemoryTransactionalSink<string>();
    const run = await runPaced({ sink, render: countLine, mapParallelism: 2, sinkParallelism: 2, failAtRecords: [500, 1300, 2600] });
    expect(run.statuses.filter((s) => s === 'RESTARTING')).toHaveLength(3);
    expect(run.restored.length).toBeGreaterThan(0);
    expect(sink.committed().sort()).toEqual(expectedCountLines(EVENTS, KEYS));
    expect(sink.pending()).toEqual([]);
    const committedBy = new Set(sink.transactions().filter((t) => t.status === 'committed').map((t) => t.subtaskIndex));
    expect(committedBy).toEqual(new Set([0, 1]));
  });
});

/** A two-phase-commit writer whose external system refuses every commit. */
class RefusedCommitWriter extends TwoPhaseCommitSinkWriter<string, number> {
  private next = 0;
  protected beginTransaction(): number {
    return this.next++;
  }
  protected invoke(): void {}
  protected preCommit(): void {}
  protected commit(transaction: number): Promise<void> {
    return Promise.reject(new Error(`the ledger refused to commit transaction ${transaction}`));
  }
  protected abort(): void {}
}

const refusingSink = (): Sink<string> => ({ name: 'Refusing Ledger Sink', createWriter: () => new RefusedCommitWriter() });

/** The counting job into a sink whose commits are refused, held at record 500 until a checkpoint completed there. */
async function refusedCommitJob(restartStrategy: RestartStrategyOptions) {
  const source = new GatedSource(EVENTS, (i) => numbered(i, KEYS), 500);
  const env = StreamEnvironment.create({ parallelism: 2, checkpointing: { interval: 3_600_000 }, restartStrategy });
  env
    .fromSource(source)
    .uid('numbers')
    .keyBy((record) => record.key)
    .process(new CountPerKey())
    .uid('count')
    .map(countLine)
    .uid('render')
    .sinkTo(refusingSink())
    .uid('ledger-sink');
  const job = env.execute('refused commits');
  const statuses = recordStatuses(job);
  await source.whenReached(500);
  await job.triggerCheckpoint();
  return { job, statuses };
}

describe('a two-phase-commit sink whose commit rejects', () => {
  it('fails the job with UserFunctionError naming the sink uid', async () => {
    const { job, statuses } = await refusedCommitJob({ type: 'none' });
    const error = await job.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFunctionError);
    expect(error).toMatchObject({ code: ErrorCodes.USER_FUNCTION_FAILED, operator: 'ledger-sink' });
    expect((error as Error).message).toContain('the ledger refused to commit');
    expect(statuses).toEqual(['RUNNING', 'FAILED']);
  });

  it('restarts as the strategy allows, each restore retrying the commit, then fails naming the sink uid', async () => {
    const { job, statuses } = await refusedCommitJob({ type: 'fixed-delay', attempts: 2, delay: 0 });
    const error = await job.result.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCodes.USER_FUNCTION_FAILED, operator: 'ledger-sink' });
    expect(statuses).toEqual(['RUNNING', 'RESTARTING', 'RUNNING', 'RESTARTING', 'RUNNING', 'FAILED']);
  });
});
