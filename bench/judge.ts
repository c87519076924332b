import type { RunRecord } from './run-record.js';
import type { SeedResult } from './seed-job.js';

/**
 * Marks a finished run `WRONG` if its count or checksum differs from the
 * expected result (which the baseline hand loop must also produce: the runner
 * treats a baseline that disagrees as a framework error). A wrong variant gets
 * no speed in the report.
 */
export function judge(record: RunRecord, expected: SeedResult): RunRecord {
  const report = record.report;
  if (record.status !== 'ok' || report === undefined) return record;
  if (report.resultCount === expected.resultCount && report.checksum === expected.checksum) return record;
  return {
    ...record,
    status: 'WRONG',
    detail:
      `expected ${expected.resultCount} results with checksum ${expected.checksum}, ` +
      `got ${report.resultCount} with checksum ${report.checksum}`,
  };
}
