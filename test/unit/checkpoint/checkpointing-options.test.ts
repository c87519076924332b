import { describe, expect, it } from 'vitest';
import { resolveCheckpointingOptions, type CheckpointingOptions } from '../../../src/checkpoint/checkpointing-options.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';

describe('checkpointing options', () => {
  it('fills in Flink-like defaults around the interval', () => {
    expect(resolveCheckpointingOptions({ interval: 1000 })).toEqual({
      interval: 1000,
      mode: 'exactly-once',
      timeout: 600_000,
      minPauseBetweenCheckpoints: 0,
      maxConcurrentCheckpoints: 1,
      tolerableFailedCheckpoints: 0,
      retainedCheckpoints: 1,
      retention: 'delete-on-cancellation',
      incremental: true,
      compactEvery: 10,
      fallbackToOlderCheckpoint: true,
      chunkBytes: 1 << 20,
    });
  });

  it.each([
    [{ interval: 0 }, ErrorCodes.INVALID_DURATION],
    [{ interval: 100, mode: 'twice' }, ErrorCodes.INVALID_ARGUMENT],
    [{ interval: 100, timeout: -1 }, ErrorCodes.INVALID_DURATION],
    [{ interval: 100, maxConcurrentCheckpoints: 0 }, ErrorCodes.INVALID_ARGUMENT],
    [{ interval: 100, retainedCheckpoints: 0 }, ErrorCodes.INVALID_ARGUMENT],
    [{ interval: 100, retention: 'forever' }, ErrorCodes.INVALID_ARGUMENT],
    [{ interval: 100, incremental: 'yes' }, ErrorCodes.INVALID_ARGUMENT],
    [{ interval: 100, tolerableFailedCheckpoints: 1.5 }, ErrorCodes.INVALID_ARGUMENT],
    [null, ErrorCodes.INVALID_ARGUMENT],
  ])('rejects %j with %s', (options, code) => {
    expect(() => resolveCheckpointingOptions(options as unknown as CheckpointingOptions)).toThrow(expect.objectContaining({ code }));
  });
});
