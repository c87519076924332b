/**
 * What a browser benchmark case is, shared by the page (which runs cases)
 * and Node (which drives the page). Type-only and plain data: nothing here
 * touches a browser or Node global.
 */

/** Numbers one case measured, by metric name; the unit is in the name (`writeMBps`, `restoreMs`, `ratio`). */
export type Metrics = Record<string, number>;

/** Parameters of one case run, by name (`events`, `rounds`, ...); each case documents its own. */
export type CaseParams = Record<string, number>;

/** A bound one metric of a case should meet; Node judges it after the run (a report, never an assertion). */
export interface Target {
  readonly metric: string;
  /** The metric passes when it is at least this. */
  readonly atLeast?: number;
  /** The metric passes when it is at most this. */
  readonly atMost?: number;
}

/**
 * One browser benchmark: a file under `bench/browser/cases/` default-exports
 * one of these, and `bench/browser/cases.ts` registers it by name.
 *
 * `run` executes in headless Chromium (real IndexedDB, real timers), once per
 * `npm run bench`; it does its own warm-up and repeats (alternating when it
 * compares two setups) and resolves with medians. It must clean up what it
 * creates (databases) even when it throws.
 *
 * @example
 * ```ts
 * const noop: BrowserCase = {
 *   name: 'noop',
 *   description: 'does nothing, fast',
 *   defaultParams: { rounds: 3 },
 *   targets: [{ metric: 'ms', atMost: 1 }],
 *   run: async ({ rounds }) => ({ ms: 0, rounds: rounds! }),
 * };
 * export default noop;
 * ```
 */
export interface BrowserCase {
  /** The registry name (kebab-case), also accepted by `--only`. */
  readonly name: string;
  /** One line for the report: what is measured, how. */
  readonly description: string;
  /** Every parameter `run` reads, with its default; `--browser-param name.key=N` overrides one. */
  readonly defaultParams: CaseParams;
  /** Bounds the report checks; metrics without a target are shown unjudged. */
  readonly targets?: readonly Target[];
  /** Wall-clock limit of one run in seconds (`--timeout` overrides it; default 300). */
  readonly timeoutSeconds?: number;
  /** Runs the case with `defaultParams` merged with the overrides; resolves with its metrics. */
  run(params: CaseParams): Promise<Metrics>;
}

/** What the page tells Node about a case before running it (plain data). */
export interface CaseInfo {
  readonly name: string;
  readonly description: string;
  readonly defaultParams: CaseParams;
  readonly targets: readonly Target[];
  readonly timeoutSeconds?: number;
}

/** How one case run ended in the page: its metrics, or the error it threw (with stack). */
export type CaseOutcome =
  | { readonly ok: true; readonly params: CaseParams; readonly metrics: Metrics; readonly seconds: number }
  | { readonly ok: false; readonly error: string };

/**
 * The API the benchmark page installs as `window.weirBench` (see `page.ts`);
 * Node calls it through `page.evaluate`. A case that throws comes back as an
 * `{ ok: false }` outcome carrying its stack, never as a rejection.
 */
export interface WeirBenchPage {
  /** Names of all registered cases. */
  names(): string[];
  /** The case's description, defaults and targets; rejects for an unknown name or a module that does not load. */
  describe(name: string): Promise<CaseInfo>;
  /** Runs one case with `overrides` over its defaults. */
  run(name: string, overrides: CaseParams): Promise<CaseOutcome>;
}
