import { describe, expect, it } from 'vitest';
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

  it('limits checkpoints to 5 MiB by default, as Flink does', async () => {
    const storage = (await new MemoryStateBackend().createCheckpointStorage({ jobId: 'j', jobName: 'n' })) as MemoryCheckpointStorage;
    expect(storage.maxCheckpointSize).toBe(5 * 1024 * 1024);
    await storage.writeChunk(1, 'exactly-the-limit', new Uint8Array(5 * 1024 * 1024));
    await storage.close();
  });

  it('rejects a chunk over maxCheckpointSize, naming the size, the limit and what to do', async () => {
    const storage = await new MemoryStateBackend({ maxCheckpointSize: 100 }).createCheckpointStorage({ jobId: 'j', jobName: 'n' });
    const error = await rejection(storage.writeChunk(1, 'big', new Uint8Array(101)));
    expect(error.code).toBe(ErrorCodes.CHECKPOINT_FAILED);
    expect(error.message).toContain('101');
    expect(error.message).toContain('100');
    expect(error.message).toContain('maxCheckpointSize');
    expect(error.message).toMatch(/IndexedDB/);
    expect(error.message).toMatch(/filesystem/);
    expect((await rejection(storage.readChunk('chk-1/big'))).code).toBe(ErrorCodes.CHECKPOINT_NOT_FOUND);
  });

  it('rejects a checkpoint whose chunks and metadata together exceed maxCheckpointSize', async () => {
    const storage = new MemoryCheckpointStorage({ maxCheckpointSize: 100 });
    await storage.writeChunk(1, 'a', new Uint8Array(60));
    expect((await rejection(storage.writeChunk(1, 'b', new Uint8Array(60)))).message).toContain('120');
    await storage.writeChunk(1, 'b', new Uint8Array(30));
    const error = await rejection(storage.commitCheckpoint(1, new Uint8Array(11)));
    expect(error.code).toBe(ErrorCodes.CHECKPOINT_FAILED);
    expect(error.message).toContain('101');
    expect(await storage.listCompleted()).toEqual([]);
    await storage.commitCheckpoint(1, new Uint8Array(10));
    expect(await storage.listCompleted()).toHaveLength(1);
  });

  it('counts a rewritten chunk once', async () => {
    const storage = new MemoryCheckpointStorage({ maxCheckpointSize: 100 });
    for (let i = 0; i < 5; i++) await storage.writeChunk(1, 'same', new Uint8Array(60));
    expect((await storage.readChunk('chk-1/same')).length).toBe(60);
  });

  it('commits each checkpoint once', async () => {
    const storage = new MemoryCheckpointStorage();
    await storage.commitCheckpoint(1, new Uint8Array(1));
    expect((await rejection(storage.commitCheckpoint(1, new Uint8Array(1)))).code).toBe(ErrorCodes.CHECKPOINT_FAILED);
  });

  it('can be closed twice', async () => {
    const storage = new MemoryCheckpointStorage();
    await storage.close();
    await expect(storage.close()).resolves.toBeUndefined();
  });

  it.each([0, -1, 1.5, NaN, '5MB'])('rejects maxCheckpointSize %s with a ConfigError', (size) => {
    expect(() => new MemoryStateBackend({ maxCheckpointSize: size as number })).toThrow(ConfigError);
  });
});
