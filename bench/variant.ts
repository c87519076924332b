import type { SeedResult } from './seed-job.js';

/**
 * One way of running the seed job, measured by the benchmark.
 *
 * A variant lives in its own file under `bench/variants/` and default-exports
 * one of these; `bench/variants.ts` registers it under its name.
 */
export interface Variant {
  /** One line for the report: what this variant is. */
  readonly description: string;
  /**
   * Runs the seed job over the first `events` events (generated lazily, see
   * `seedEvents` / `seedKey` / `seedTimestamp`) and resolves with what the sink
   * saw. The benchmark times this call only.
   */
  run(events: number): Promise<SeedResult>;
  /**
   * Event count used for this variant when the CLI gives none for it with
   * `--events-for`; without it the variant runs at `--events`. For variants
   * that cannot cope with the full size.
   */
  readonly defaultEvents?: number;
  /** Heap limit of this variant's child process in MB (`--heap-mb` overrides it; default 2048). */
  readonly heapMB?: number;
  /** Wall-clock limit of one run of this variant in seconds (`--timeout` overrides it; default 600). */
  readonly timeoutSeconds?: number;
  /**
   * The exact answer for a variant that runs another job than the seed job
   * (sliding or session windows over the same events); default: the seed job's.
   */
  expected?(events: number): SeedResult;
  /**
   * Another variant this one is judged against (e.g. sliding windows against
   * tumbling ones): the report prints how many times slower this one is.
   */
  readonly compareTo?: string;
}
