import type { CaseParams, Metrics, Target } from './browser-case.js';

/** How a browser case run ended: it resolved (`ok`), threw or did not load (`error`), or ran out of time (`timeout`). */
export type BrowserCaseStatus = 'ok' | 'error' | 'timeout';

/** One target checked against a finished run: `missing` when the case did not report that metric. */
export interface JudgedTarget extends Target {
  readonly value?: number;
  readonly verdict: 'pass' | 'FAIL' | 'missing';
}

/**
 * The case's overall verdict: `pass` when every target passed, `FAIL` when
 * any failed or is missing, `no target` when it has none; `error` /
 * `timeout` when it produced no metrics.
 */
export type CaseVerdict = 'pass' | 'FAIL' | 'no target' | 'error' | 'timeout';

/** One browser case as the report and the results JSON show it. */
export interface BrowserCaseRecord {
  readonly name: string;
  readonly description?: string;
  readonly status: BrowserCaseStatus;
  readonly verdict: CaseVerdict;
  /** The parameters it ran with (defaults merged with `--browser-param`). */
  readonly params?: CaseParams;
  readonly metrics?: Metrics;
  readonly targets: readonly JudgedTarget[];
  /** Wall-clock seconds of `run` in the page. */
  readonly seconds?: number;
  /** Why the status is not ok: the page's error (with stack) and vite's, or the time limit. */
  readonly detail?: string;
}

/** The `browser` section of `bench/results/*.json`. */
export interface BrowserSection {
  /** The Chromium binary and its version, when one was found and started. */
  readonly chromium?: { readonly path: string; readonly version?: string };
  /** Why no browser case ran (no Chromium, or it did not start), when that is so. */
  readonly skipped?: string;
  readonly cases: readonly BrowserCaseRecord[];
}
