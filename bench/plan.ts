import type { BenchOptions } from './cli-options.js';
import { UsageError } from './cli-options.js';
import type { Variant } from './variant.js';
import { BASELINE, loadVariant, variantNames } from './variants.js';

/** Child heap limit (MB) when neither the CLI nor the variant sets one. */
export const DEFAULT_HEAP_MB = 2048;
/** Per-run time limit (s) when neither the CLI nor the variant sets one. */
export const DEFAULT_TIMEOUT_SECONDS = 600;

/** One (variant, events) pair to run `repeat` times, with its child limits. */
export interface PlannedRun {
  readonly variant: string;
  readonly events: number;
  readonly heapMB: number;
  readonly timeoutSeconds: number;
  readonly warmupEvents: number;
}

/**
 * Decides what runs, in order: the baseline first, at every event count any
 * selected variant uses (so each ratio compares runs of the same size), then
 * each selected variant.
 *
 * A variant's event count is `--events-for name=N` if given, else the smaller
 * of its `defaultEvents` and `--events`, else `--events`. Heap and time
 * limits: `--heap-mb` / `--timeout` if given, else the variant's own, else
 * {@link DEFAULT_HEAP_MB} / {@link DEFAULT_TIMEOUT_SECONDS}.
 */
export async function planRuns(options: BenchOptions): Promise<PlannedRun[]> {
  const known = variantNames();
  const selected = (options.only ?? known).filter((name) => name !== BASELINE);
  for (const name of [...selected, ...options.eventsFor.keys()]) {
    if (!known.includes(name)) throw new UsageError(`Unknown variant "${name}". Known variants: ${known.join(', ')}.`);
  }

  const loaded = new Map<string, Variant>();
  for (const name of [BASELINE, ...selected]) loaded.set(name, await loadVariant(name));
  const eventsOf = (name: string): number => {
    const explicit = options.eventsFor.get(name);
    if (explicit !== undefined) return explicit;
    const own = loaded.get(name)?.defaultEvents;
    return own === undefined ? options.events : Math.min(own, options.events);
  };
  const plannedRun = (name: string, events: number): PlannedRun => {
    const variant = loaded.get(name);
    return {
      variant: name,
      events,
      heapMB: options.heapMB ?? variant?.heapMB ?? DEFAULT_HEAP_MB,
      timeoutSeconds: options.timeoutSeconds ?? variant?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      warmupEvents: Math.min(Math.floor(events * options.warmupFraction), options.warmupMax),
    };
  };

  const baselineCounts = [...new Set([eventsOf(BASELINE), ...selected.map(eventsOf)])].sort((a, b) => b - a);
  return [
    ...baselineCounts.map((events) => plannedRun(BASELINE, events)),
    ...selected.map((name) => plannedRun(name, eventsOf(name))),
  ];
}
