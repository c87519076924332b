import type { CheckpointStorage } from '../../checkpoint/checkpoint-storage.js';
import { requireNonEmptyString } from '../../errors/argument-checks.js';
import { ConfigError } from '../../errors/config-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { createHeapKeyedStateBackend } from '../heap/create-heap-keyed-state-backend.js';
import type { KeyedStateBackend } from '../keyed-state-backend.js';
import type { CheckpointStorageParameters, KeyedStateBackendParameters, StateBackend } from '../state-backend.js';

/** Options of {@link FileSystemStateBackend}. */
export interface FileSystemStateBackendOptions {
  /**
   * The job's checkpoint directory (one per job; created if missing):
   * checkpoints go to `<directory>/chk-<id>/`, savepoints to `<directory>/savepoint-<id>/`.
   */
  readonly directory: string;
}

/**
 * Working state on the heap, checkpoints in a directory: durable across
 * process restarts (Flink's HashMapStateBackend with FileSystemCheckpointStorage).
 * Node only; export it from `weir/node`. The directory belongs to one job at
 * a time: a second job (or process) opening it fails with STORAGE_LOCKED.
 *
 * @example
 * ```ts
 * import { FileSystemStateBackend } from 'weir/node';
 * env.setStateBackend(new FileSystemStateBackend({ directory: './checkpoints/orders' }));
 * ```
 * @throws ConfigError INVALID_ARGUMENT when `directory` is not a non-empty string.
 */
export class FileSystemStateBackend implements StateBackend {
  readonly name = 'filesystem' as const;
  readonly directory: string;

  constructor(options: FileSystemStateBackendOptions) {
    this.directory = requireNonEmptyString(options?.directory, 'FileSystemStateBackend option `directory`');
  }

  /** A fresh heap backend for one keyed operator subtask. */
  createKeyedStateBackend(parameters: KeyedStateBackendParameters): KeyedStateBackend {
    return createHeapKeyedStateBackend(parameters);
  }

  /**
   * Opens (creating if needed) and locks the checkpoint directory for one job run.
   * @throws ConfigError STATE_BACKEND_UNAVAILABLE outside Node (no filesystem).
   * @throws CheckpointError STORAGE_LOCKED when another live process or job holds the directory.
   */
  async createCheckpointStorage(_parameters: CheckpointStorageParameters): Promise<CheckpointStorage> {
    const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
    if (node === undefined) {
      throw new ConfigError(
        ErrorCodes.STATE_BACKEND_UNAVAILABLE,
        'The filesystem state backend needs Node; this runtime has no filesystem. ' +
          "In a browser use new IndexedDBStateBackend({ databaseName }) (or 'memory').",
      );
    }
    // Loaded only here, so that this class can be referenced where node:fs does not exist.
    const { FileSystemCheckpointStorage } = await import('./file-system-checkpoint-storage.js');
    return FileSystemCheckpointStorage.open({ directory: this.directory });
  }
}
