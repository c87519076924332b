import { ConfigError } from '../../errors/config-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { describeValue, requireFunction } from '../../errors/argument-checks.js';
import type { Millis } from '../../time/time-types.js';
import { requirePositiveMillis } from './window-arguments.js';

/**
 * Gives the session gap for an element (Flink's SessionWindowTimeGapExtractor):
 * a positive integer number of milliseconds. Called once per element; must be pure.
 *
 * @example
 * ```ts
 * const gapOf: SessionGapExtractor<Click> = (click) => (click.premium ? 60_000 : 10_000);
 * ```
 */
export type SessionGapExtractor<T> = (element: T) => Millis;

/** The gap rule of a session assigner: one fixed gap, or a gap per element. */
export interface SessionGap<T> {
  /** The fixed gap; undefined for a dynamic gap. */
  readonly fixed: Millis | undefined;
  /** The checked gap of `element`. */
  gapOf(element: T): Millis;
}

/** A fixed session gap; throws ConfigError INVALID_DURATION unless `gap` is a positive integer. */
export function fixedSessionGap(gap: unknown, assigner: string): SessionGap<unknown> {
  const fixed = requirePositiveMillis(gap, `${assigner} gap`);
  return { fixed, gapOf: () => fixed };
}

/**
 * A per-element session gap from `extractor`; throws ConfigError NOT_A_FUNCTION
 * unless it is a function. Each returned gap is checked at assignment.
 */
export function dynamicSessionGap<T>(extractor: SessionGapExtractor<T>, assigner: string): SessionGap<T> {
  requireFunction(extractor, `${assigner}.withDynamicGap extractor`);
  return {
    fixed: undefined,
    gapOf(element) {
      const gap: unknown = extractor(element);
      if (typeof gap !== 'number' || !Number.isSafeInteger(gap) || gap <= 0) {
        throw new ConfigError(
          ErrorCodes.INVALID_DURATION,
          `The session gap extractor of ${assigner} returned ${describeValue(gap)}; ` +
            'gaps must satisfy 0 < gap and be an integer number of milliseconds. Fix the extractor for this element.',
        );
      }
      return gap;
    },
  };
}
