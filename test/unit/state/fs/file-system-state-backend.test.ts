import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { FileSystemCheckpointStorage } from '../../../../src/state/fs/file-system-checkpoint-storage.js';
import { FileSystemStateBackend } from '../../../../src/state/fs/file-system-state-backend.js';
import { HeapKeyedStateBackend } from '../../../../src/state/heap/heap-keyed-state-backend.js';
import { KeyGroupRange } from '../../../../src/state/key-group-range.js';
import { ManualClock } from '../../../../src/time/manual-clock.js';
import { describeStateBackendContract } from '../../../support/state-backend-contract.js';
import { tempDirectories } from '../../../support/temp-directories.js';

const dirs = tempDirectories('weir-fs-contract-');
afterAll(() => dirs.removeAll());

describeStateBackendContract('filesystem', async () => new FileSystemStateBackend({ directory: await dirs.make() }));

describe('FileSystemStateBackend', () => {
  it("is called 'filesystem' and keeps working state in a heap backend", () => {
    const backend = new FileSystemStateBackend({ directory: '/tmp/unused' });
    expect(backend.name).toBe('filesystem');
    const keyed = backend.createKeyedStateBackend({
      jobId: 'job',
      operatorUid: 'op',
      keyGroupRange: KeyGroupRange.forOperator(128, 2, 0),
      maxParallelism: 128,
      clock: new ManualClock(),
    });
    expect(keyed).toBeInstanceOf(HeapKeyedStateBackend);
  });

  it('opens its directory as a FileSystemCheckpointStorage described by a file: URL', async () => {
    const directory = await dirs.make();
    const storage = await new FileSystemStateBackend({ directory }).createCheckpointStorage({ jobId: 'j', jobName: 'n' });
    expect(storage).toBeInstanceOf(FileSystemCheckpointStorage);
    expect(storage.description).toBe(`file://${directory}`);
    await storage.close();
  });

  it.each([undefined, '', 42])('rejects directory %j with a ConfigError naming the option', (directory) => {
    let error: unknown;
    try {
      new FileSystemStateBackend({ directory: directory as string });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe(ErrorCodes.INVALID_ARGUMENT);
    expect((error as ConfigError).message).toContain('directory');
  });
});
