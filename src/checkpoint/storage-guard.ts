import { CheckpointError } from '../errors/checkpoint-error.js';
import { ErrorCodes } from '../errors/error-codes.js';

/**
 * Runs a storage's operations until it closes: after `close()` new calls
 * reject, and calls still pending reject at once (their I/O may finish in
 * the background, but nobody waits for it). This is what keeps
 * `CheckpointStorage.close()` prompt while a write is blocked.
 */
export class StorageGuard {
  private closed = false;
  private readonly pending = new Set<(error: unknown) => void>();

  /** `description` names the storage in the error of calls made after close. */
  constructor(private readonly description: string) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs `operation` unless closed; rejects as soon as the storage closes. */
  run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(this.closedError());
    return new Promise<T>((resolve, reject) => {
      this.pending.add(reject);
      let result: Promise<T>;
      try {
        result = operation();
      } catch (error) {
        result = Promise.reject(error);
      }
      result.then(resolve, reject).finally(() => this.pending.delete(reject));
    });
  }

  /** Marks the storage closed and rejects pending calls; false when it already was. */
  close(): boolean {
    if (this.closed) return false;
    this.closed = true;
    const error = this.closedError();
    for (const reject of this.pending) reject(error);
    this.pending.clear();
    return true;
  }

  private closedError(): CheckpointError {
    return new CheckpointError(
      ErrorCodes.CHECKPOINT_STORAGE_FAILED,
      `Checkpoint storage ${this.description} is closed; the job run that owned it has ended. ` +
        'Create a new one with stateBackend.createCheckpointStorage().',
    );
  }
}
