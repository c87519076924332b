import type { CheckpointingOptions } from '../checkpoint/checkpointing-options.js';
import type { RestoreSettings } from '../checkpoint/restore/restore-settings.js';
import type { RestartStrategyOptions } from '../runtime/restart-strategy.js';
import type { StateBackendConfiguration } from '../state/state-backend-loader.js';
import type { StateBackend } from '../state/state-backend.js';
import type { Clock } from '../time/clock.js';
import type { Millis } from '../time/time-types.js';

/** Options of {@link StreamEnvironment.create}. Every field is optional. */
export interface StreamEnvironmentOptions {
  /** Subtasks per keyed operator. Default 1; at most `maxParallelism`. */
  readonly parallelism?: number;
  /** Number of key groups, the upper bound for rescaling. Default 128; 1..32768. */
  readonly maxParallelism?: number;
  /** Processing time. Default: a SystemClock. Tests pass a ManualClock. */
  readonly clock?: Clock;
  /** How often periodic watermark generators emit, in ms of processing time. Default 200; 0 turns periodic emission off. */
  readonly autoWatermarkInterval?: Millis;
  /** Where keyed state lives and checkpoints go. Wins over `configuration`. Default: a MemoryStateBackend. */
  readonly stateBackend?: StateBackend;
  /** Picks the backend by name when `stateBackend` is not set. */
  readonly configuration?: StateBackendConfiguration;
  /** Periodic checkpoints. Default: none (savepoints can still be taken). */
  readonly checkpointing?: CheckpointingOptions;
  /** What happens after a failure. Default: none without checkpointing, exponential delay with it. */
  readonly restartStrategy?: RestartStrategyOptions;
  /** Start from a checkpoint or savepoint. */
  readonly restore?: RestoreSettings;
  /** Records a source emits per pull. Default 1024. */
  readonly sourceChunkSize?: number;
  /** Longest stretch, in ms, that sources run before yielding to the event loop. Default 10. */
  readonly timeSliceMs?: number;
}
