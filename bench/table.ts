import type { SummaryRow } from './summary.js';
import { BASELINE } from './variants.js';

const HEADERS = ['variant', 'events', 'events/s', `vs ${BASELINE}`, 'peak RSS MB', `RSS vs ${BASELINE}`, 'status'];
/** Columns aligned right (numbers). */
const RIGHT = [false, true, true, true, true, true, false];

function rate(perSec: number | undefined): string {
  if (perSec === undefined) return '-';
  if (perSec >= 1e6) return `${(perSec / 1e6).toFixed(2)} M`;
  if (perSec >= 1e3) return `${(perSec / 1e3).toFixed(1)} k`;
  return perSec.toFixed(0);
}

function ratio(r: number | undefined): string {
  if (r === undefined) return '-';
  return `${r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}×`;
}

/** The report as a plain-text table, one row per (variant, events). */
export function formatTable(rows: readonly SummaryRow[]): string {
  const cells = rows.map((r) => [
    r.variant,
    r.events.toLocaleString('en-US'),
    rate(r.eventsPerSec),
    ratio(r.speedRatio),
    r.peakRssMB === undefined ? '-' : r.peakRssMB.toFixed(0),
    ratio(r.rssRatio),
    r.status,
  ]);
  const widths = HEADERS.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const line = (row: readonly string[]): string =>
    row.map((cell, c) => (RIGHT[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(' | ').trimEnd();
  return [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}
