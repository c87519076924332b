import { CheckpointError } from '../../../src/errors/checkpoint-error.js';
import { ConfigError } from '../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { StateError } from '../../../src/errors/state-error.js';
import { UserFunctionError } from '../../../src/errors/user-function-error.js';
import { WeirError } from '../../../src/errors/weir-error.js';
import { WorkerError } from '../../../src/errors/worker-error.js';
import { InvalidKeyError } from '../../../src/state/key-encoding.js';
import { InvalidTimestampError } from '../../../src/time/time-types.js';
import { UnsupportedMergeError } from '../../../src/windowing/operator/unsupported-merge-error.js';
import { TimeWindow } from '../../../src/windowing/windows/time-window.js';

/** Every weir error class, built the way the code that throws it builds it, with a cause. */
export function weirErrorSamples(): Record<string, () => Error> {
  const cause = () => new RangeError('root cause', { cause: 'the innermost reason' });
  return {
    WeirError: () => new WeirError(ErrorCodes.ILLEGAL_JOB_STATE, 'job is finished', { cause: cause() }),
    ConfigError: () => new ConfigError(ErrorCodes.INVALID_ARGUMENT, 'bad option', { cause: cause() }),
    StateError: () => new StateError(ErrorCodes.STATE_CONFLICT, 'two kinds', { cause: cause() }),
    CheckpointError: () => new CheckpointError(ErrorCodes.CHECKPOINT_CORRUPT, 'chunk 3 is corrupt', { cause: cause() }),
    WorkerError: () => new WorkerError(ErrorCodes.WORKER_FAILED, 'inner worker died', { cause: cause() }),
    UserFunctionError: () => new UserFunctionError('sum-per-user', new TypeError('x is undefined', { cause: cause() })),
    InvalidKeyError: () => new InvalidKeyError({ a: 1 }, 'keyBy selector'),
    InvalidTimestampError: () => new InvalidTimestampError('record timestamp', 1.5),
    UnsupportedMergeError: () =>
      new UnsupportedMergeError(new TimeWindow(0, 10), [new TimeWindow(0, 5), new TimeWindow(3, 10)]),
  };
}

/** The API the test workers expose. Methods that take no part in a test are harmless. */
export const errorApi = {
  add: (a: number, b: number) => a + b,
  throwWeirError(kind: string): never {
    throw weirErrorSamples()[kind]!();
  },
  throwValue(value: unknown): never {
    throw value;
  },
  throwFunction(): never {
    throw () => 1;
  },
  throwCyclicCause(): never {
    const error = new Error('loops');
    (error as { cause?: unknown }).cause = error;
    throw error;
  },
  async rejectAsync(): Promise<never> {
    await Promise.resolve();
    throw new ConfigError(ErrorCodes.INVALID_DURATION, 'async rejection');
  },
  /** Never settles: used to see pending calls reject when the worker dies. */
  hang: (): Promise<never> => new Promise<never>(() => undefined),
  /** Throws outside any call, a moment later: an uncaught error. */
  crashSoon(): void {
    setTimeout(() => {
      throw new StateError(ErrorCodes.STATE_CONFLICT, 'crashed outside a call');
    }, 0);
  },
  /** Rejects a promise nobody handles, a moment later (after this call has answered). */
  rejectUnhandledSoon(): void {
    setTimeout(() => void Promise.reject(new CheckpointError(ErrorCodes.CHECKPOINT_FAILED, 'nobody listened')), 0);
  },
};

export type ErrorApi = typeof errorApi;
