import { readdir, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Subject } from 'rxjs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import type { CheckpointingOptions } from '../../../src/checkpoint/checkpointing-options.js';
import type { CheckpointEvent, CheckpointFailedEvent } from '../../../src/checkpoint/checkpoint-events.js';
import type { RestoreSettings } from '../../../src/checkpoint/restore/restore-settings.js';
import { CheckpointError } from '../../../src/errors/checkpoint-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import type { RestartStrategyOptions } from '../../../src/runtime/restart-strategy.js';
import { InMemoryTransactionalSink } from '../../../src/connectors/sinks/in-memory-transactional-sink.js';
import { CallbackSink } from '../../../src/connectors/sinks/callback-sink.js';
import type { Sink } from '../../../src/connectors/sink.js';
import { FileSystemStateBackend } from '../../../src/state/fs/file-system-state-backend.js';
import { MemoryStateBackend } from '../../../src/state/memory/memory-state-backend.js';
import type { StateBackend } from '../../../src/state/state-backend.js';
import type { CheckpointStorage } from '../../../src/checkpoint/checkpoint-storage.js';
import { GatedSource } from '../../support/gated-source.js';
import { countLinesInto, expectedCountLines, numbered, recordStatuses, type Numbered } from '../../support/counting-job.js';
import { tempDirectories } from '../../support/temp-directories.js';

const directories = tempDirectories('weir-ckpt-failures-');
afterAll(() => directories.removeAll());

const COUNT = 4000;
const KEYS = 25;

/** The test's records, held at record `gate` until the test opens it. */
const gated = (gate: number) => new GatedSource(COUNT, (i) => numbered(i, KEYS), gate);

/** Running count per key, emitted as `key:count`: keyed value state that every checkpoint carries. */
function countingJob(
  backend: StateBackend,
  options: {
    source?: GatedSource<Numbered>;
    checkpointing?: CheckpointingOptions;
    restore?: RestoreSettings;
    restartStrategy?: RestartStrategyOptions;
    sink?: Sink<string>;
  } = {},
) {
  const env = StreamEnvironment.create({
    parallelism: 2,
    stateBackend: backend,
    sourceChunkSize: 50,
    ...(options.checkpointing ? { checkpointing: options.checkpointing } : {}),
    ...(options.restore ? { restore: options.restore } : {}),
    ...(options.restartStrategy ? { restartStrategy: options.restartStrategy } : {}),
  });
  const sink = options.sink ?? new InMemoryTransactionalSink<string>();
  countLinesInto(env.fromSource(options.source ?? gated(COUNT)).uid('numbers'), sink);
  return { job: env.execute('counting'), sink };
}

const expectedLines = () => expectedCountLines(COUNT, KEYS);

/** A backend whose storage fails chunk writes (or holds them forever) while `mode()` says so. */
function faultyBackend(backend: StateBackend, mode: () => 'ok' | 'fail' | 'hang'): StateBackend {
  return {
    name: backend.name,
    createKeyedStateBackend: (p) => backend.createKeyedStateBackend(p),
    async createCheckpointStorage(p) {
      const storage = await backend.createCheckpointStorage(p);
      const wrapped = Object.create(storage) as CheckpointStorage;
      return Object.assign(wrapped, {
        description: storage.description,
        writeChunk: async (location: string, name: string, bytes: Uint8Array) => {
          const now = mode();
          if (now === 'fail') {
            throw new CheckpointError(ErrorCodes.CHECKPOINT_STORAGE_FAILED, 'ENOSPC: no space left on device (injected)');
          }
          if (now === 'hang') await new Promise(() => {});
          return storage.writeChunk(location, name, bytes);
        },
        commitCheckpoint: async (location: string, id: number, metadata: Uint8Array) => {
          if (mode() === 'fail') throw new CheckpointError(ErrorCodes.CHECKPOINT_STORAGE_FAILED, 'EACCES: permission denied (injected)');
          return storage.commitCheckpoint(location, id, metadata);
        },
      });
    },
  };
}

describe('checkpoint failures and bad input', () => {
  it('declines a checkpoint whose storage fails and goes on, until the tolerable limit fails the job', async () => {
    const source = gated(1000);
    let mode: 'ok' | 'fail' = 'fail';
    const { job } = countingJob(faultyBackend(new MemoryStateBackend(), () => mode), {
      source,
      checkpointing: { interval: 3_600_000, tolerableFailedCheckpoints: 1 },
      restartStrategy: { type: 'none' },
    });
    await source.whenReached(1000);
    await expect(job.triggerCheckpoint()).rejects.toMatchObject({ code: ErrorCodes.CHECKPOINT_STORAGE_FAILED });
    expect(job.status).toBe('RUNNING');
    mode = 'ok';
    await job.triggerCheckpoint();
    mode = 'fail';
    // The successful checkpoint reset the count: one more failure is still tolerated.
    await expect(job.triggerCheckpoint()).rejects.toMatchObject({ code: ErrorCodes.CHECKPOINT_STORAGE_FAILED });
    expect(job.status).toBe('RUNNING');
    await expect(job.triggerCheckpoint()).rejects.toMatchObject({ code: ErrorCodes.CHECKPOINT_STORAGE_FAILED });
    await expect(job.result).rejects.toMatchObject({
      code: ErrorCodes.TOO_MANY_FAILED_CHECKPOINTS,
      message: expect.stringMatching(/ENOSPC|EACCES/),
    });
    expect(job.status).toBe('FAILED');
  });

  it('declines a checkpoint that does not complete within its timeout', async () => {
    const source = gated(1000);
    const { job } = countingJob(faultyBackend(new MemoryStateBackend(), () => 'hang'), {
      source,
      checkpointing: { interval: 3_600_000, timeout: 20, tolerableFailedCheckpoints: 5 },
    });
    const failures: CheckpointFailedEvent[] = [];
    job.checkpoints$.subscribe((e) => e.type === 'failed' && failures.push(e));
    await source.whenReached(1000);
    await expect(job.triggerCheckpoint()).rejects.toMatchObject({ code: ErrorCodes.CHECKPOINT_TIMEOUT });
    expect(failures.map((f) => [f.reason.code, f.counted])).toEqual([[ErrorCodes.CHECKPOINT_TIMEOUT, true]]);
    // A checkpoint still in flight when the job is cancelled is declined without counting as a failure.
    const triggered = new Promise<void>((resolve) => job.checkpoints$.subscribe((e) => e.type === 'triggered' && resolve()));
    const stuck = job.triggerCheckpoint();
    stuck.catch(() => {});
    await triggered;
    await job.cancel();
    expect(failures.map((f) => f.counted)).toEqual([true, false]);
  });

  it('cancels promptly while a checkpoint write is blocked, and releases the storage', async () => {
    const directory = await directories.make();
    const source = gated(1000);
    const { job } = countingJob(faultyBackend(new FileSystemStateBackend({ directory }), () => 'hang'), {
      source,
      checkpointing: { interval: 3_600_000 },
    });
    await source.whenReached(1000);
    const pending = job.triggerCheckpoint();
    pending.catch(() => {});
    await new Promise((resolve) => setImmediate(resolve));
    await job.cancel();
    expect(job.status).toBe('CANCELED');
    await expect(pending).rejects.toBeInstanceOf(CheckpointError);
    // The lock is gone: the directory opens again.
    const storage = await new FileSystemStateBackend({ directory }).createCheckpointStorage({ jobId: 'j', jobName: 'j' });
    await storage.close();
  });

  it('gives a second job on the same checkpoint directory a lock error', async () => {
    const directory = await directories.make();
    const source = gated(500);
    const { job } = countingJob(new FileSystemStateBackend({ directory }), { source, checkpointing: { interval: 3_600_000 } });
    await source.whenReached(500);
    await job.triggerCheckpoint();
    const { job: second } = countingJob(new FileSystemStateBackend({ directory }), { checkpointing: { interval: 1000 } });
    await expect(second.result).rejects.toMatchObject({ code: ErrorCodes.STORAGE_LOCKED });
    source.open();
    await job.result;
  });

  it('keeps the retained number of checkpoints, and chunks a retained incremental one still needs', async () => {
    const directory = await directories.make();
    const source = gated(400);
    const sink = new InMemoryTransactionalSink<string>();
    const { job } = countingJob(new FileSystemStateBackend({ directory }), {
      source,
      sink,
      checkpointing: { interval: 3_600_000, retainedCheckpoints: 2, incremental: true, compactEvery: 100, retention: 'retain-on-cancellation' },
    });
    for (let gate = 400; gate <= 2000; gate += 400) {
      source.open(gate);
      await source.whenReached(gate);
      await job.triggerCheckpoint();
    }
    await job.cancel();
    const storage = await new FileSystemStateBackend({ directory }).createCheckpointStorage({ jobId: 'j', jobName: 'j' });
    expect((await storage.listCompleted()).map((p) => p.location)).toEqual(['chk-4', 'chk-5']);
    await storage.close();
    // chk-1 (the full base) to chk-3 (deltas) are no checkpoints any more, but chk-4 and chk-5 build on their chunks.
    for (const dropped of ['chk-1', 'chk-2', 'chk-3']) {
      const files = await readdir(join(directory, dropped));
      expect(files).not.toContain('_metadata');
      expect(files.length).toBeGreaterThan(0);
    }
    // Both retained checkpoints restore through the lingering chunks: chk-4 (position 1600) into a collecting sink...
    const lines: string[] = [];
    await countingJob(new FileSystemStateBackend({ directory }), {
      restore: { from: 'chk-4' },
      sink: new CallbackSink((line: string) => void lines.push(line)),
    }).job.result;
    expect(lines.sort()).toEqual(expectedLines().filter((line) => Number(line.split(':')[1]) > 1600 / KEYS));
    // ...and chk-5 into the exactly-once sink, which then holds every line once.
    await countingJob(new FileSystemStateBackend({ directory }), { restore: { from: 'chk-5' }, sink }).job.result;
    expect(sink.committed().sort()).toEqual(expectedLines());
  });

  it('falls back to the previous retained checkpoint when the latest is corrupt, and refuses when told not to', async () => {
    const directory = await directories.make();
    const source = gated(500);
    const { job } = countingJob(new FileSystemStateBackend({ directory }), {
      source,
      checkpointing: { interval: 3_600_000, retainedCheckpoints: 2, incremental: false, retention: 'retain-on-cancellation' },
    });
    await source.whenReached(500);
    const previous = await job.triggerCheckpoint();
    source.open(1500);
    await source.whenReached(1500);
    const latest = await job.triggerCheckpoint();
    await job.cancel();
    // Flip one byte in a chunk of the latest checkpoint.
    const chunkDir = join(directory, latest.location);
    const chunk = (await readdir(chunkDir)).find((name) => name !== '_metadata')!;
    const bytes = await readFile(join(chunkDir, chunk));
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0x55;
    await writeFile(join(chunkDir, chunk), bytes);

    const refused = countingJob(new FileSystemStateBackend({ directory }), {
      restore: { from: 'latest' },
      checkpointing: { interval: 3_600_000, fallbackToOlderCheckpoint: false },
    });
    await expect(refused.job.result).rejects.toMatchObject({ code: ErrorCodes.CHECKPOINT_CORRUPT, message: expect.stringContaining(chunk) });

    // A plain collecting sink: the exactly-once sink of the first run already committed up to the corrupt checkpoint.
    const lines: string[] = [];
    const events: CheckpointEvent[] = [];
    const fallback = countingJob(new FileSystemStateBackend({ directory }), { restore: { from: 'latest' }, sink: new CallbackSink((line: string) => void lines.push(line)) });
    fallback.job.checkpoints$.subscribe((e) => events.push(e));
    await fallback.job.result;
    expect(events.find((e) => e.type === 'restored')).toMatchObject({ checkpointId: previous.checkpointId });
    expect(events.find((e) => e.type === 'warning')).toMatchObject({ message: expect.stringContaining(latest.location) });
    // Resumed after record 500 with the counts as of then: exactly the lines of records 500.. of a full run.
    expect(lines).toHaveLength(COUNT - 500);
    expect(lines.sort()).toEqual(expectedLines().filter((line) => Number(line.split(':')[1]) > 500 / KEYS));
  });

  it('fails the job when the restart strategy gives up, and restarts while it allows', async () => {
    let failures = 0;
    const env = StreamEnvironment.create({ checkpointing: { interval: 5 }, restartStrategy: { type: 'fixed-delay', attempts: 2, delay: 0 } });
    env
      .fromArray([1, 2, 3])
      .map((x) => {
        failures++;
        throw new Error(`always fails (${x})`);
      })
      .collect();
    const job = env.execute();
    const statuses = recordStatuses(job);
    await expect(job.result).rejects.toMatchObject({ code: ErrorCodes.USER_FUNCTION_FAILED });
    expect(failures).toBe(3);
    expect(statuses).toEqual(['RUNNING', 'RESTARTING', 'RUNNING', 'RESTARTING', 'RUNNING', 'FAILED']);
  });

  it('warns that an Observable source cannot replay when checkpointing is on', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const subject = new Subject<number>();
      const env = StreamEnvironment.create({ checkpointing: { interval: 1000 } });
      env.fromObservable(subject).collect();
      const job = env.execute();
      const events: CheckpointEvent[] = [];
      job.checkpoints$.subscribe((e) => events.push(e));
      subject.complete();
      await job.result;
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('cannot replay'));
      expect(job.checkpointStats().counts.completed).toBe(0);
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses savepoints and checkpoints once the job has ended', async () => {
    const env = StreamEnvironment.create();
    env.fromArray([1]).collect();
    const job = env.execute();
    await job.result;
    await expect(job.triggerSavepoint()).rejects.toMatchObject({ code: ErrorCodes.ILLEGAL_JOB_STATE });
    await expect(job.triggerCheckpoint()).rejects.toMatchObject({ code: ErrorCodes.ILLEGAL_JOB_STATE });
  });

  it.each([
    [{ from: 42 }, ErrorCodes.INVALID_ARGUMENT],
    [{ from: '' }, ErrorCodes.INVALID_ARGUMENT],
    [{ from: 'latest', allowNonRestoredState: 'yes' }, ErrorCodes.INVALID_ARGUMENT],
  ])('rejects restore settings %j with %s', (restore, code) => {
    expect(() => StreamEnvironment.create({ restore: restore as unknown as RestoreSettings })).toThrow(expect.objectContaining({ code }));
  });

  it('refuses bytes that are no savepoint file as restore source', async () => {
    const { job } = countingJob(new MemoryStateBackend(), { restore: { from: new TextEncoder().encode('not a savepoint') } });
    await expect(job.result).rejects.toMatchObject({ code: ErrorCodes.CHECKPOINT_CORRUPT });
  });
});
