import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../../src/errors/checkpoint-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { MemoryStateBackend } from '../../../src/state/memory/memory-state-backend.js';
import { describeStateBackendContract } from '../../support/state-backend-contract.js';

// The memory backend in real Chromium: the same contract as in Node.
describeStateBackendContract('memory (browser)', () => new MemoryStateBackend());

describe('MemoryStateBackend in the browser', () => {
  it('rejects a checkpoint over maxCheckpointSize with CHECKPOINT_STORAGE_FAILED', async () => {
    const storage = await new MemoryStateBackend({ maxCheckpointSize: 8 }).createCheckpointStorage({ jobId: 'j', jobName: 'n' });
    const error = await storage.writeChunk('chk-1', 'big', new Uint8Array(9)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).code).toBe(ErrorCodes.CHECKPOINT_STORAGE_FAILED);
    await storage.close();
  });
});
