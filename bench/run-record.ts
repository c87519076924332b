import type { WorkerRunTiming } from './variants/worker-startup-clock.js';

/**
 * What one child process reports: the single JSON line `bench/child.ts` prints
 * on stdout after running one variant once.
 */
export interface ChildReport {
  readonly variant: string;
  /** Events of the measured run (the warm-up is not counted). */
  readonly events: number;
  /** Wall-clock seconds of the measured run only; for a run that reports `timing`, its job part (start-up excluded). */
  readonly seconds: number;
  readonly eventsPerSec: number;
  /** `process.resourceUsage().maxRSS` at the end of the run, in MB: peak RSS of the whole child. */
  readonly peakRssMB: number;
  /** maxRSS in MB before the variant module was loaded (node + tsx alone), for context. */
  readonly startRssMB: number;
  /** Events of the warm-up run that preceded the measured one (0 = none). */
  readonly warmupEvents: number;
  readonly resultCount: number;
  readonly checksum: number;
  /** The variant's own counters of the measured run (`SeedResult.counters` in seed-job.ts). */
  readonly counters?: Readonly<Record<string, number>>;
  /** The variant's start-up / job split (`SeedResult.timing`): `seconds` is its job part then. */
  readonly timing?: WorkerRunTiming;
}

/** How one run ended, as shown in the report's status column. */
export type RunStatus = 'ok' | 'WRONG' | 'out of memory' | 'timeout' | 'error';

/** One run of one variant at one event count, as the parent saw it. */
export interface RunRecord {
  readonly variant: string;
  readonly events: number;
  readonly status: RunStatus;
  /** Present when the child finished and printed its report. */
  readonly report?: ChildReport;
  /** Why the status is not `ok` (expected vs actual, exit code, stderr tail). */
  readonly detail?: string;
}
