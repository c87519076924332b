import { MemoryCheckpointRoot } from '../../checkpoint/memory-checkpoint-root.js';
import { DEFAULT_MAX_CHECKPOINT_SIZE, MemoryCheckpointStorage } from '../../checkpoint/memory-checkpoint-storage.js';
import type { CheckpointStorage } from '../../checkpoint/checkpoint-storage.js';
import { requireIntegerInRange } from '../../errors/argument-checks.js';
import { createHeapKeyedStateBackend } from '../heap/create-heap-keyed-state-backend.js';
import type { KeyedStateBackend } from '../keyed-state-backend.js';
import type { CheckpointStorageParameters, KeyedStateBackendParameters, StateBackend } from '../state-backend.js';

/** Options of {@link MemoryStateBackend}. */
export interface MemoryStateBackendOptions {
  /** Largest checkpoint (and chunk) in bytes. Default 5 MiB, as Flink's memory backend. */
  readonly maxCheckpointSize?: number;
}

/**
 * Working state on the heap, checkpoints in memory: the default backend,
 * for development, tests and small state. Checkpoints vanish with the
 * process; for durable ones use the IndexedDB or filesystem backend.
 *
 * One backend instance is one checkpoint store, as a directory is for the
 * filesystem backend: its checkpoints outlive a job run, so a job cancelled
 * with a retained checkpoint can be resumed from it by another run on the
 * same instance (`chk-7`). Only one job at a time may use it: a second
 * concurrent `createCheckpointStorage()` rejects with STORAGE_LOCKED until
 * the first run closes its storage. Give concurrent jobs their own instances.
 *
 * @example
 * ```ts
 * const backend = new MemoryStateBackend({ maxCheckpointSize: 16 * 1024 * 1024 });
 * env.setStateBackend(backend);
 * ```
 * @throws ConfigError (INVALID_ARGUMENT) when `maxCheckpointSize` is not a positive integer.
 */
export class MemoryStateBackend implements StateBackend {
  readonly name = 'memory' as const;
  readonly maxCheckpointSize: number;
  /** The checkpoints of every job run on this instance. */
  private readonly checkpoints = new MemoryCheckpointRoot();

  constructor(options: MemoryStateBackendOptions = {}) {
    this.maxCheckpointSize =
      options.maxCheckpointSize === undefined
        ? DEFAULT_MAX_CHECKPOINT_SIZE
        : requireIntegerInRange(options.maxCheckpointSize, 'maxCheckpointSize', 1, Number.MAX_SAFE_INTEGER);
  }

  /** A fresh heap backend for one keyed operator subtask. */
  createKeyedStateBackend(parameters: KeyedStateBackendParameters): KeyedStateBackend {
    return createHeapKeyedStateBackend(parameters);
  }

  /**
   * The storage of one job run over this instance's checkpoints (earlier
   * runs' retained checkpoints included).
   * @throws CheckpointError STORAGE_LOCKED while another run's storage is open.
   */
  async createCheckpointStorage(_parameters: CheckpointStorageParameters): Promise<CheckpointStorage> {
    return new MemoryCheckpointStorage({ maxCheckpointSize: this.maxCheckpointSize, root: this.checkpoints });
  }
}
