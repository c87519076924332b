import { findChromium, type ChromiumLocation } from '../../test/support/find-chromium.js';
import type { CaseInfo, CaseParams } from './browser-case.js';
import type { BrowserCaseRecord, BrowserSection } from './browser-record.js';
import { BrowserSession } from './browser-session.js';
import { failedCase, judgeCase } from './judge-case.js';
import { formatMetricValue } from './browser-table.js';
import { TimeoutError } from './with-timeout.js';

/** Per-case time limit (s) when neither `--timeout` nor the case sets one. */
const DEFAULT_CASE_TIMEOUT_SECONDS = 300;
/** Limit for starting vite + Chromium and loading the page, and for loading one case's module. */
const START_TIMEOUT_MS = 60_000;

/** What {@link runBrowserCases} runs and how. */
export interface BrowserRunOptions {
  /** Registered case names, in run order. */
  readonly cases: readonly string[];
  /** `--browser-param` overrides, by case name. */
  readonly params: ReadonlyMap<string, CaseParams>;
  /** `--timeout`: the limit of every case, in seconds, over the case's own. */
  readonly timeoutSeconds?: number;
  /** Progress lines (stderr). */
  readonly log: (line: string) => void;
  /** Where Chromium is; default: what `findChromium()` finds (WEIR_CHROMIUM, CHROMIUM_PATH, CHROME_PATH, PATH). */
  readonly chromium?: ChromiumLocation;
}

/** The hint printed when no Chromium binary is found. */
function noChromiumMessage(searched: readonly string[]): string {
  return (
    `no Chromium found (looked at: ${searched.join(', ')}); browser benchmarks skipped. ` +
    'Install one with `apt-get install -y chromium`, or point WEIR_CHROMIUM at a Chromium or Chrome binary.'
  );
}

/** Error text with vite's errors (the real reason behind "Failed to fetch dynamically imported module"). */
function withServerErrors(message: string, serverErrors: readonly string[]): string {
  return serverErrors.length === 0 ? message : `${message}\nvite: ${serverErrors.join('\nvite: ')}`;
}

/** Runs one case in an open session; never throws for the case's own failure. */
async function runCase(session: BrowserSession, name: string, options: BrowserRunOptions): Promise<BrowserCaseRecord> {
  session.takeServerErrors(); // late errors of the previous case are not this one's
  let info: CaseInfo;
  try {
    info = await session.describe(name, START_TIMEOUT_MS);
  } catch (error) {
    return failedCase(name, 'error', withServerErrors(`could not load the case: ${String(error)}`, session.takeServerErrors()));
  }
  const timeoutSeconds = options.timeoutSeconds ?? info.timeoutSeconds ?? DEFAULT_CASE_TIMEOUT_SECONDS;
  try {
    const outcome = await session.run(name, options.params.get(name) ?? {}, timeoutSeconds * 1000);
    const record = judgeCase(info, outcome);
    const serverErrors = session.takeServerErrors();
    return record.detail === undefined ? record : { ...record, detail: withServerErrors(record.detail, serverErrors) };
  } catch (error) {
    if (error instanceof TimeoutError) return failedCase(name, 'timeout', `killed after ${timeoutSeconds} s`, info);
    return failedCase(name, 'error', withServerErrors(String(error), session.takeServerErrors()), info);
  }
}

/** One progress line for a finished case. */
function summaryLine(record: BrowserCaseRecord): string {
  if (record.metrics === undefined) return `    ${record.status}: ${record.detail?.split('\n')[0] ?? ''}`;
  const metrics = Object.entries(record.metrics).map(([metric, value]) => `${metric} ${formatMetricValue(value)}`);
  return `    ${record.verdict} in ${record.seconds?.toFixed(1)} s: ${metrics.join(', ')}`;
}

/**
 * Runs browser cases one after another in one headless Chromium page served
 * by a vite dev server (a fresh one after a timeout). Without a Chromium
 * binary, or when the page does not start, returns a section that says why
 * (`skipped`) instead of throwing: the Node report must not depend on it.
 */
export async function runBrowserCases(options: BrowserRunOptions): Promise<BrowserSection> {
  const { path, searched } = options.chromium ?? findChromium();
  if (path === undefined) return { skipped: noChromiumMessage(searched), cases: [] };
  const cases: BrowserCaseRecord[] = [];
  let version: string | undefined;
  let session: BrowserSession | undefined;
  try {
    for (const [index, name] of options.cases.entries()) {
      if (session === undefined) {
        try {
          session = await BrowserSession.open({ executablePath: path, startTimeoutMs: START_TIMEOUT_MS, onPageLog: (line) => options.log(`    [page] ${line}`) });
          version ??= session.browserVersion;
        } catch (error) {
          return { chromium: { path, ...(version === undefined ? {} : { version }) }, skipped: `the benchmark page did not start: ${String(error)}`, cases };
        }
      }
      options.log(`[browser ${index + 1}/${options.cases.length}] ${name} ...`);
      const record = await runCase(session, name, options);
      cases.push(record);
      options.log(summaryLine(record));
      if (record.status === 'timeout') {
        // The page may still be running the case: start the next one on a fresh browser.
        await session.close();
        session = undefined;
      }
    }
  } finally {
    await session?.close();
  }
  return { chromium: { path, ...(version === undefined ? {} : { version }) }, cases };
}
