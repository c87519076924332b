import { describeValue, requireDuration, requireIntegerInRange } from '../errors/argument-checks.js';
import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import type { Millis } from '../time/time-types.js';

/**
 * What a job does after a failure (Flink's restart strategies). With a
 * restart, the job restores its latest completed checkpoint by itself
 * (RUNNING → RESTARTING → RUNNING); when the strategy gives up it is FAILED.
 *
 * @example
 * ```ts
 * StreamEnvironment.create({
 *   checkpointing: { interval: 1000 },
 *   restartStrategy: { type: 'fixed-delay', attempts: 3, delay: 500 },
 * });
 * ```
 */
export type RestartStrategyOptions =
  | { readonly type: 'none' }
  | { readonly type: 'fixed-delay'; readonly attempts: number; readonly delay: Millis }
  | {
      readonly type: 'exponential-delay';
      /** First delay. Default 1000. */
      readonly initialBackoff?: Millis;
      /** Largest delay. Default 60 000. */
      readonly maxBackoff?: Millis;
      /** Each further failure multiplies the delay by this. Default 1.5. */
      readonly backoffMultiplier?: number;
      /** Running this long without a failure resets the delay. Default 3 600 000 (1 h). */
      readonly resetBackoffThreshold?: Millis;
      /** Restarts before giving up. Default unlimited. */
      readonly attempts?: number;
    }
  | {
      readonly type: 'failure-rate';
      /** Failures allowed within `failureRateInterval`; one more fails the job. */
      readonly maxFailuresPerInterval: number;
      readonly failureRateInterval: Millis;
      readonly delay: Millis;
    };

/** Decides, failure by failure, whether and when to restart. One instance per job run. */
export interface RestartStrategy {
  /** The delay before restarting after a failure at processing time `now`, or undefined to give up. */
  onFailure(now: Millis): Millis | undefined;
}

/**
 * Builds a strategy from options. Default: `none` without checkpointing;
 * `exponential-delay` with its defaults when checkpointing is on (as Flink).
 * @throws ConfigError INVALID_ARGUMENT / INVALID_DURATION for bad options.
 */
export function createRestartStrategy(options: RestartStrategyOptions | undefined, checkpointing: boolean): RestartStrategy {
  const resolved = options ?? (checkpointing ? { type: 'exponential-delay' as const } : { type: 'none' as const });
  if (resolved === null || typeof resolved !== 'object') {
    throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `restartStrategy must be an object such as { type: 'fixed-delay', attempts: 3, delay: 1000 }, got ${describeValue(resolved)}.`);
  }
  switch (resolved.type) {
    case 'none':
      return { onFailure: () => undefined };
    case 'fixed-delay': {
      const attempts = requireIntegerInRange(resolved.attempts, 'restartStrategy.attempts', 0, Number.MAX_SAFE_INTEGER);
      const delay = requireDuration(resolved.delay, 'restartStrategy.delay');
      let used = 0;
      return { onFailure: () => (used++ < attempts ? delay : undefined) };
    }
    case 'exponential-delay':
      return exponentialDelay(resolved);
    case 'failure-rate': {
      const max = requireIntegerInRange(resolved.maxFailuresPerInterval, 'restartStrategy.maxFailuresPerInterval', 1, Number.MAX_SAFE_INTEGER);
      const interval = requireDuration(resolved.failureRateInterval, 'restartStrategy.failureRateInterval', { positive: true });
      const delay = requireDuration(resolved.delay, 'restartStrategy.delay');
      const failures: Millis[] = [];
      return {
        onFailure(now) {
          failures.push(now);
          while (failures.length > 0 && failures[0]! <= now - interval) failures.shift();
          return failures.length > max ? undefined : delay;
        },
      };
    }
    default:
      throw new ConfigError(
        ErrorCodes.INVALID_ARGUMENT,
        `restartStrategy.type must be 'none', 'fixed-delay', 'exponential-delay' or 'failure-rate', got ${describeValue((resolved as { type: unknown }).type)}.`,
      );
  }
}

function exponentialDelay(options: Extract<RestartStrategyOptions, { type: 'exponential-delay' }>): RestartStrategy {
  const initial = requireDuration(options.initialBackoff ?? 1000, 'restartStrategy.initialBackoff');
  const max = requireDuration(options.maxBackoff ?? 60_000, 'restartStrategy.maxBackoff');
  const multiplier = options.backoffMultiplier ?? 1.5;
  if (typeof multiplier !== 'number' || !(multiplier >= 1) || !Number.isFinite(multiplier)) {
    throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `restartStrategy.backoffMultiplier must be a finite number >= 1, got ${describeValue(multiplier)}.`);
  }
  const reset = requireDuration(options.resetBackoffThreshold ?? 3_600_000, 'restartStrategy.resetBackoffThreshold', { positive: true });
  const attempts = options.attempts === undefined ? Infinity : requireIntegerInRange(options.attempts, 'restartStrategy.attempts', 0, Number.MAX_SAFE_INTEGER);
  let used = 0;
  let next = initial;
  let lastFailure: Millis | undefined;
  return {
    onFailure(now) {
      if (lastFailure !== undefined && now - lastFailure >= reset) next = initial;
      lastFailure = now;
      if (used++ >= attempts) return undefined;
      const delay = Math.min(next, max);
      next = Math.min(max, next * multiplier);
      return delay;
    },
  };
}
