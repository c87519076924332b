import { describeValue, requireDuration, requireIntegerInRange } from '../errors/argument-checks.js';
import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import type { Millis } from '../time/time-types.js';

/** How barriers are handled at operators with several inputs. */
export type CheckpointingMode = 'exactly-once' | 'at-least-once';

/** What happens to retained checkpoints when the job is cancelled (Flink's ExternalizedCheckpointRetention). */
export type CheckpointRetention = 'retain-on-cancellation' | 'delete-on-cancellation';

/**
 * Periodic checkpoints of a job (`StreamEnvironment.create({ checkpointing })`).
 * Only `interval` is required.
 *
 * @example
 * ```ts
 * StreamEnvironment.create({
 *   checkpointing: { interval: 1000, mode: 'exactly-once', retainedCheckpoints: 3, retention: 'retain-on-cancellation' },
 *   stateBackend: new IndexedDBStateBackend({ databaseName: 'clicks' }),
 * });
 * ```
 */
export interface CheckpointingOptions {
  /** Processing time between checkpoint triggers, in ms (on the environment's clock). */
  readonly interval: Millis;
  /** Default 'exactly-once': barriers are aligned at every operator with several inputs. */
  readonly mode?: CheckpointingMode;
  /** A checkpoint not complete after this many ms is declined (CHECKPOINT_TIMEOUT). Default 10 minutes. */
  readonly timeout?: Millis;
  /** Least time between the end of one checkpoint and the trigger of the next. Default 0. */
  readonly minPauseBetweenCheckpoints?: Millis;
  /** Checkpoints in flight at once. Default 1. */
  readonly maxConcurrentCheckpoints?: number;
  /** Failed checkpoints in a row the job survives; one more fails the job (TOO_MANY_FAILED_CHECKPOINTS). Default 0, as Flink. */
  readonly tolerableFailedCheckpoints?: number;
  /** Completed checkpoints kept in storage. Default 1. */
  readonly retainedCheckpoints?: number;
  /** Default 'delete-on-cancellation'. Savepoints are never deleted by weir. */
  readonly retention?: CheckpointRetention;
  /** Write only what changed since the previous checkpoint. Default true. */
  readonly incremental?: boolean;
  /** With `incremental`, write a full base every this many checkpoints. Default 10. */
  readonly compactEvery?: number;
  /** When the latest checkpoint is corrupt, restore the previous retained one instead of failing. Default true. */
  readonly fallbackToOlderCheckpoint?: boolean;
  /** Target size of a keyed-state chunk, in bytes. Default 1 MiB. */
  readonly chunkBytes?: number;
}

/** {@link CheckpointingOptions} with every default filled in. */
export type ResolvedCheckpointingOptions = Required<CheckpointingOptions>;

const TEN_MINUTES = 10 * 60 * 1000;

/**
 * Validates and completes checkpointing options.
 * @throws ConfigError INVALID_ARGUMENT / INVALID_DURATION naming the bad field.
 */
export function resolveCheckpointingOptions(options: CheckpointingOptions): ResolvedCheckpointingOptions {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `checkpointing must be an options object such as { interval: 1000 }, got ${describeValue(options)}.`);
  }
  const mode = options.mode ?? 'exactly-once';
  if (mode !== 'exactly-once' && mode !== 'at-least-once') {
    throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `checkpointing.mode must be 'exactly-once' or 'at-least-once', got ${describeValue(mode)}.`);
  }
  const retention = options.retention ?? 'delete-on-cancellation';
  if (retention !== 'retain-on-cancellation' && retention !== 'delete-on-cancellation') {
    throw new ConfigError(
      ErrorCodes.INVALID_ARGUMENT,
      `checkpointing.retention must be 'retain-on-cancellation' or 'delete-on-cancellation', got ${describeValue(retention)}.`,
    );
  }
  for (const flag of ['incremental', 'fallbackToOlderCheckpoint'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') {
      throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `checkpointing.${flag} must be a boolean, got ${describeValue(options[flag])}.`);
    }
  }
  return {
    interval: requireDuration(options.interval, 'checkpointing.interval', { positive: true }),
    mode,
    timeout: requireDuration(options.timeout ?? TEN_MINUTES, 'checkpointing.timeout', { positive: true }),
    minPauseBetweenCheckpoints: requireDuration(options.minPauseBetweenCheckpoints ?? 0, 'checkpointing.minPauseBetweenCheckpoints'),
    maxConcurrentCheckpoints: requireIntegerInRange(options.maxConcurrentCheckpoints ?? 1, 'checkpointing.maxConcurrentCheckpoints', 1, 64),
    tolerableFailedCheckpoints: requireIntegerInRange(
      options.tolerableFailedCheckpoints ?? 0,
      'checkpointing.tolerableFailedCheckpoints',
      0,
      Number.MAX_SAFE_INTEGER,
    ),
    retainedCheckpoints: requireIntegerInRange(options.retainedCheckpoints ?? 1, 'checkpointing.retainedCheckpoints', 1, 1000),
    retention,
    incremental: options.incremental ?? true,
    compactEvery: requireIntegerInRange(options.compactEvery ?? 10, 'checkpointing.compactEvery', 1, 1_000_000),
    fallbackToOlderCheckpoint: options.fallbackToOlderCheckpoint ?? true,
    chunkBytes: requireIntegerInRange(options.chunkBytes ?? 1 << 20, 'checkpointing.chunkBytes', 1024, 1 << 30),
  };
}
