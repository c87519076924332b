import type { BenchOptions } from './cli-options.js';
import { judge } from './judge.js';
import { planRuns } from './plan.js';
import type { RunRecord } from './run-record.js';
import { expectedSeedResult, type SeedResult } from './seed-job.js';
import { runChild } from './spawn-child.js';
import { summarize, type SummaryRow } from './summary.js';
import { formatTable } from './table.js';
import { BASELINE, loadVariant } from './variants.js';
import type { Variant } from './variant.js';

/** What the Node section measured, for the results JSON. */
export interface NodeSection {
  /** The exact seed-job result by event count. */
  readonly expected: Map<number, SeedResult>;
  readonly summary: SummaryRow[];
  readonly runs: RunRecord[];
  /** True when the baseline failed or got the wrong answer: a framework error. */
  readonly badBaseline: boolean;
}

function baseRss(records: readonly RunRecord[]): string {
  const starts = records.flatMap((r) => (r.report ? [r.report.startRssMB] : []));
  return starts.length === 0 ? '?' : Math.min(...starts).toFixed(0);
}

/**
 * Runs the selected Node variants (each run a child process, baseline first,
 * `--repeat` rounds interleaved), logs progress to `log` and prints the
 * report table and its notes on stdout.
 */
export async function runNodeVariants(options: BenchOptions, log: (line: string) => void): Promise<NodeSection> {
  const plan = await planRuns(options);
  const expected = new Map<number, SeedResult>();
  const variantsRun = new Map<string, Variant>();
  for (const run of plan) if (!variantsRun.has(run.variant)) variantsRun.set(run.variant, await loadVariant(run.variant));
  const expectedOf = (variant: string, events: number): SeedResult =>
    variantsRun.get(variant)?.expected?.(events) ?? expected.get(events)!;
  for (const run of plan) if (!expected.has(run.events)) expected.set(run.events, expectedSeedResult(run.events));

  const records: RunRecord[] = [];
  const total = plan.length * options.repeat;
  for (let round = 1; round <= options.repeat; round++) {
    for (const run of plan) {
      log(`[${records.length + 1}/${total}] ${run.variant} @ ${run.events.toLocaleString('en-US')} events ...`);
      const record = judge(await runChild(run), expectedOf(run.variant, run.events));
      records.push(record);
      const r = record.report;
      log(
        `    ${record.status}` +
          (r ? `: ${r.seconds.toFixed(2)} s, ${Math.round(r.eventsPerSec).toLocaleString('en-US')} events/s, peak RSS ${r.peakRssMB.toFixed(0)} MB` : '') +
          (record.detail ? ` (${record.detail})` : ''),
      );
      if (r?.timing !== undefined) {
        const t = r.timing;
        log(
          `      job ${t.jobSeconds.toFixed(2)} s after start-up ${t.startupSeconds.toFixed(2)} s (wall ${t.wallSeconds.toFixed(2)} s, ` +
            `${Math.round(r.events / t.wallSeconds).toLocaleString('en-US')} events/s); worker spawn → ready ${t.workerStartupMs.map((ms) => ms.toFixed(0)).join(', ')} ms` +
            (t.jobCpuSeconds === undefined ? '' : `; job CPU ${t.jobCpuSeconds.toFixed(2)} s (${(t.jobCpuSeconds / t.jobSeconds).toFixed(2)} cores busy)`),
        );
      }
      for (const [name, value] of Object.entries(r?.counters ?? {})) {
        log(`      ${name}: ${Math.round(value).toLocaleString('en-US')} (${Math.round(value / r!.seconds).toLocaleString('en-US')}/s)`);
      }
    }
  }

  const summary = summarize(records);
  console.log();
  console.log(formatTable(summary));
  console.log();
  for (const [events, e] of expected) {
    console.log(`expected at ${events.toLocaleString('en-US')} events: ${e.resultCount} results, checksum ${e.checksum}`);
  }
  console.log(`events/s: ${options.repeat > 1 ? `median of ${options.repeat} runs` : 'one run'}; peak RSS: whole child process (node + tsx ≈ ${baseRss(records)} MB before the job), highest of the runs`);
  for (const [name, variant] of variantsRun) {
    if (variant.compareTo === undefined) continue;
    const row = summary.find((r) => r.variant === name);
    const other = summary.find((r) => r.variant === variant.compareTo && r.events === row?.events);
    if (row?.eventsPerSec !== undefined && other?.eventsPerSec !== undefined) {
      console.log(`${name} costs ${(other.eventsPerSec / row.eventsPerSec).toFixed(2)}x ${variant.compareTo} (time per event, same events)`);
    }
  }
  for (const row of summary) {
    if (row.detail !== undefined) console.log(`${row.variant} @ ${row.events}: ${row.status}: ${row.detail}`);
  }

  const badBaseline = summary.filter((row) => row.variant === BASELINE && row.status !== 'ok');
  for (const row of badBaseline) log(`framework error: baseline ${BASELINE} @ ${row.events} events is ${row.status}`);
  return { expected, summary, runs: records, badBaseline: badBaseline.length > 0 };
}
