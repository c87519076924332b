import { describe, expect, it } from 'vitest';
import { MemoryCheckpointRoot } from '../../../src/checkpoint/memory-checkpoint-root.js';
import { MemoryCheckpointStorage } from '../../../src/checkpoint/memory-checkpoint-storage.js';
import { CheckpointError } from '../../../src/errors/checkpoint-error.js';
import { ConfigError } from '../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { HeapKeyedStateBackend } from '../../../src/state/heap/heap-keyed-state-backend.js';
import { KeyGroupRange } from '../../../src/state/key-group-range.js';
import { MemoryStateBackend } from '../../../src/state/memory/memory-state-backend.js';
import { ManualClock } from '../../../src/time/manual-clock.js';
import { describeStateBackendContract } from '../../support/state-backend-contract.js';

describeStateBackendContract('memory', () => new MemoryStateBackend());

async function rejection(promise: Promise<unknown>): Promise<CheckpointError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CheckpointError);
  return error as CheckpointError;
}

const job = { jobId: 'j', jobName: 'n' };

describe('MemoryStateBackend', () => {
  it("is called 'memory' and keeps working state in a heap backend", () => {
    const backend = new MemoryStateBackend();
    expect(backend.name).toBe('memory');
    const keyed = backend.createKeyedStateBackend({
      jobId: 'job',
      operatorUid: 'op',
      keyGroupRange: KeyGroupRange.forOperator(128, 4, 1),
      maxParallelism: 128,
      clock: new ManualClock(),
    });
    expect(keyed).toBeInstanceOf(HeapKeyedStateBackend);
    expect(keyed.keyGroupRange).toEqual(new KeyGroupRange(32, 63));
  });

  it('keeps its checkpoints across job runs, so a later run resumes from a retained one', async () => {
    const backend = new MemoryStateBackend();
    const firstRun = await backend.createCheckpointStorage({ jobId: 'run-1', jobName: 'orders' });
    const ref = await firstRun.writeChunk('chk-7', 'op/kg-0-127', new Uint8Array([7]));
    await firstRun.commitCheckpoint('chk-7', 7, new Uint8Array([70]));
    await firstRun.close();
    const secondRun = await backend.createCheckpointStorage({ jobId: 'run-2', jobName: 'orders' });
    const pointer = await secondRun.resolve('chk-7');
    expect([...(await secondRun.readChunk(pointer, ref))]).toEqual([7]);
    await secondRun.close();
  });

  it('lets only one job at a time use an instance, and says what to do', async () => {
    const backend = new MemoryStateBackend();
    const running = await backend.createCheckpointStorage(job);
    const error = await rejection(backend.createCheckpointStorage(job));
    expect(error.code).toBe(ErrorCodes.STORAGE_LOCKED);
    expect(error.message).toMatch(/own MemoryStateBackend/);
    await running.close();
    await (await backend.createCheckpointStorage(job)).close();
  });

  it('does not share checkpoints between instances', async () => {
    const a = await new MemoryStateBackend().createCheckpointStorage(job);
    const b = await new MemoryStateBackend().createCheckpointStorage(job);
    await a.commitCheckpoint('chk-1', 1, new Uint8Array(1));
    expect(await b.listCompleted()).toEqual([]);
    await a.close();
    await b.close();
  });

  it('limits checkpoints to 5 MiB by default, as Flink does', async () => {
    const storage = (await new MemoryStateBackend().createCheckpointStorage(job)) as MemoryCheckpointStorage;
    expect(storage.maxCheckpointSize).toBe(5 * 1024 * 1024);
    await storage.writeChunk('chk-1', 'exactly-the-limit', new Uint8Array(5 * 1024 * 1024));
    await storage.close();
  });

  it('rejects a chunk over maxCheckpointSize, naming the size, the limit and what to do', async () => {
    const storage = await new MemoryStateBackend({ maxCheckpointSize: 100 }).createCheckpointStorage(job);
    const error = await rejection(storage.writeChunk('chk-1', 'big', new Uint8Array(101)));
    expect(error.code).toBe(ErrorCodes.CHECKPOINT_STORAGE_FAILED);
    expect(error.message).toContain('101');
    expect(error.message).toContain('100');
    expect(error.message).toContain('maxCheckpointSize');
    expect(error.message).toMatch(/IndexedDB/);
    expect(error.message).toMatch(/filesystem/);
    const pointer = await storage.commitCheckpoint('chk-1', 1, new Uint8Array(1));
    expect((await rejection(storage.readChunk(pointer, 'chk-1/big'))).code).toBe(ErrorCodes.CHECKPOINT_NOT_FOUND);
    await storage.close();
  });

  it('rejects a checkpoint whose chunks and metadata together exceed maxCheckpointSize', async () => {
    const storage = new MemoryCheckpointStorage({ maxCheckpointSize: 100 });
    await storage.writeChunk('chk-1', 'a', new Uint8Array(60));
    expect((await rejection(storage.writeChunk('chk-1', 'b', new Uint8Array(60)))).message).toContain('120');
    await storage.writeChunk('chk-1', 'b', new Uint8Array(30));
    const error = await rejection(storage.commitCheckpoint('chk-1', 1, new Uint8Array(11)));
    expect(error.code).toBe(ErrorCodes.CHECKPOINT_STORAGE_FAILED);
    expect(error.message).toContain('101');
    expect(await storage.listCompleted()).toEqual([]);
    await storage.commitCheckpoint('chk-1', 1, new Uint8Array(10));
    expect(await storage.listCompleted()).toHaveLength(1);
  });

  it('counts each checkpoint on its own, a rewritten chunk once, and frees the size of aborted chunks', async () => {
    const storage = new MemoryCheckpointStorage({ maxCheckpointSize: 100 });
    for (let i = 0; i < 5; i++) await storage.writeChunk('chk-1', 'same', new Uint8Array(60));
    await storage.writeChunk('chk-2', 'other', new Uint8Array(90));
    await storage.abortCheckpoint('chk-2');
    await storage.writeChunk('chk-2', 'other', new Uint8Array(100));
    const pointer = await storage.commitCheckpoint('chk-1', 1, new Uint8Array(1));
    expect((await storage.readChunk(pointer, 'chk-1/same')).length).toBe(60);
  });

  it('locks a root shared by two storages', async () => {
    const root = new MemoryCheckpointRoot();
    const first = new MemoryCheckpointStorage({ root });
    expect(() => new MemoryCheckpointStorage({ root })).toThrow(CheckpointError);
    await first.close();
    await first.close();
    const second = new MemoryCheckpointStorage({ root });
    expect(() => new MemoryCheckpointStorage({ root })).toThrow(CheckpointError);
    await second.close();
  });

  it.each([0, -1, 1.5, NaN, '5MB'])('rejects maxCheckpointSize %s with a ConfigError', (size) => {
    expect(() => new MemoryStateBackend({ maxCheckpointSize: size as number })).toThrow(ConfigError);
  });
});
