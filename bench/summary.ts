import { median } from './median.js';
import type { RunRecord, RunStatus } from './run-record.js';
import { BASELINE } from './variants.js';

/** One line of the report: all repeats of one variant at one event count. */
export interface SummaryRow {
  readonly variant: string;
  readonly events: number;
  /** `ok` only if every repeat was ok; else the first failure's status. */
  readonly status: RunStatus;
  /** Median events/s over the repeats that finished correctly (undefined if none did). */
  readonly eventsPerSec?: number;
  /** Highest peak RSS (MB) over the repeats that finished correctly. */
  readonly peakRssMB?: number;
  /** `eventsPerSec` / the baseline's at the same event count. */
  readonly speedRatio?: number;
  /** `peakRssMB` / the baseline's at the same event count. */
  readonly rssRatio?: number;
  readonly resultCount?: number;
  readonly checksum?: number;
  readonly runs: number;
  /** Why the status is not ok (from the first failing repeat). */
  readonly detail?: string;
}

/**
 * Folds repeated runs into report rows, in first-run order, and sets each
 * row's ratios against the baseline row with the same event count.
 *
 * With `--repeat K` the reported events/s is the median over the K runs (robust
 * on a noisy shared machine, unlike the best) and the peak RSS is the highest.
 */
export function summarize(records: readonly RunRecord[]): SummaryRow[] {
  const groups = new Map<string, RunRecord[]>();
  for (const r of records) {
    const id = `${r.variant}\u0000${r.events}`;
    groups.set(id, [...(groups.get(id) ?? []), r]);
  }
  const rows = [...groups.values()].map((runs): Omit<SummaryRow, 'speedRatio' | 'rssRatio'> => {
    const first = runs[0]!;
    const failed = runs.find((r) => r.status !== 'ok');
    // A WRONG run gets no speed (a wrong answer fast is not a result); its
    // count and checksum stay visible.
    const correct = runs.flatMap((r) => (r.status === 'ok' && r.report ? [r.report] : []));
    const answered = failed?.report ?? correct[0];
    return {
      variant: first.variant,
      events: first.events,
      status: failed?.status ?? 'ok',
      ...(correct.length > 0 ? { eventsPerSec: median(correct.map((r) => r.eventsPerSec)) } : {}),
      ...(correct.length > 0 ? { peakRssMB: Math.max(...correct.map((r) => r.peakRssMB)) } : {}),
      ...(answered ? { resultCount: answered.resultCount, checksum: answered.checksum } : {}),
      runs: runs.length,
      ...(failed?.detail === undefined ? {} : { detail: failed.detail }),
    };
  });
  return rows.map((row) => {
    const base = rows.find((b) => b.variant === BASELINE && b.events === row.events);
    const ratio = (a?: number, b?: number): number | undefined => (a !== undefined && b ? a / b : undefined);
    const speedRatio = ratio(row.eventsPerSec, base?.eventsPerSec);
    const rssRatio = ratio(row.peakRssMB, base?.peakRssMB);
    return { ...row, ...(speedRatio === undefined ? {} : { speedRatio }), ...(rssRatio === undefined ? {} : { rssRatio }) };
  });
}
