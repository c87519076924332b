import type { BrowserCaseRecord, BrowserSection, JudgedTarget } from './browser-record.js';

const HEADERS = ['case', 'metric', 'value', 'target', 'verdict'];
/** Columns aligned right (numbers). */
const RIGHT = [false, false, true, true, false];

/** A metric for the table: thousands separators from 1000 up, else three significant digits. */
export function formatMetricValue(value: number | undefined): string {
  if (value === undefined) return '-';
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Number.isInteger(value)) return String(value);
  return Number(value.toPrecision(3)).toString();
}

/** A target as `≥ 0.9`, `≤ 1,000` or `100 – 200`. */
export function formatTarget(target: Pick<JudgedTarget, 'atLeast' | 'atMost'>): string {
  const { atLeast, atMost } = target;
  if (atLeast !== undefined && atMost !== undefined) return `${formatMetricValue(atLeast)} – ${formatMetricValue(atMost)}`;
  if (atLeast !== undefined) return `≥ ${formatMetricValue(atLeast)}`;
  if (atMost !== undefined) return `≤ ${formatMetricValue(atMost)}`;
  return '';
}

/** Rows of one case: one per metric (in the case's order; missing target metrics last), or one row with the status when it has no metrics. */
function caseRows(record: BrowserCaseRecord): string[][] {
  if (record.metrics === undefined) return [[record.name, '-', '-', '-', record.verdict]];
  const byMetric = new Map(record.targets.map((t) => [t.metric, t]));
  const names = [...new Set([...Object.keys(record.metrics), ...record.targets.map((t) => t.metric)])];
  return names.map((metric, i) => {
    const target = byMetric.get(metric);
    return [
      i === 0 ? record.name : '',
      metric,
      formatMetricValue(Object.hasOwn(record.metrics!, metric) ? record.metrics![metric] : undefined),
      target === undefined ? '' : formatTarget(target),
      target?.verdict ?? '',
    ];
  });
}

/** The browser report as a plain-text table: per case, one row per metric with its target and verdict. */
export function formatBrowserTable(records: readonly BrowserCaseRecord[]): string {
  const cells = records.flatMap(caseRows);
  const widths = HEADERS.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const line = (row: readonly string[]): string =>
    row.map((cell, c) => (RIGHT[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(' | ').trimEnd();
  return [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}

/** Lines of a detail kept under the table (the head of a stack is what explains it). */
const DETAIL_LINES = 8;

/**
 * The whole browser report: a heading with the Chromium used, the table,
 * then each failing case's detail; or the one line saying why no case ran.
 */
export function formatBrowserReport(section: BrowserSection): string {
  const chromium = section.chromium === undefined ? '' : ` (Chromium ${section.chromium.version ?? '?'}, ${section.chromium.path})`;
  const lines = [`browser cases${chromium}:`];
  if (section.cases.length > 0) lines.push(formatBrowserTable(section.cases));
  if (section.skipped !== undefined) lines.push(`browser: ${section.skipped}`);
  for (const record of section.cases) {
    if (record.detail === undefined) continue;
    const detail = record.detail.split('\n');
    lines.push(`${record.name}: ${record.status}: ${detail.slice(0, DETAIL_LINES).join('\n    ')}${detail.length > DETAIL_LINES ? '\n    ...' : ''}`);
  }
  return lines.join('\n');
}
