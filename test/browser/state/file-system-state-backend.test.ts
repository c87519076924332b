import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { FileSystemStateBackend } from '../../../src/state/fs/file-system-state-backend.js';

describe('FileSystemStateBackend in a browser', () => {
  it('rejects createCheckpointStorage with STATE_BACKEND_UNAVAILABLE, pointing to IndexedDB', async () => {
    const backend = new FileSystemStateBackend({ directory: '/checkpoints' });
    const error = await backend.createCheckpointStorage({ jobId: 'j', jobName: 'n' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe(ErrorCodes.STATE_BACKEND_UNAVAILABLE);
    expect((error as ConfigError).message).toContain('IndexedDBStateBackend');
  });
});
