/**
 * `npm run bench`: runs the seed job in each registered variant, each run in
 * its own child process, and prints how each compares with the hand-written
 * loop. `npm run bench -- --help` lists the options; `npm run bench --
 * checkpoint` runs the keyed-state checkpoint benchmarks instead (see
 * bench/checkpoint/run-checkpoint-bench.ts).
 *
 * Exit code 0 whatever the variants' speed or status (it is a report); 1 when
 * the framework itself fails (including a baseline that does not run or gets
 * the wrong answer); 2 for a bad command line.
 */
import { relative } from 'node:path';
import { parseBenchArgs, USAGE, UsageError, type BenchOptions } from './cli-options.js';
import { judge } from './judge.js';
import { planRuns } from './plan.js';
import { machineInfo, saveResults } from './results-file.js';
import type { RunRecord } from './run-record.js';
import { expectedSeedResult, type SeedResult } from './seed-job.js';
import { REPO_ROOT, runChild } from './spawn-child.js';
import { summarize } from './summary.js';
import { formatTable } from './table.js';
import { BASELINE, loadVariant } from './variants.js';
import type { Variant } from './variant.js';

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function bench(options: BenchOptions): Promise<number> {
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const plan = await planRuns(options);
  const expected = new Map<number, SeedResult>();
  const variantsRun = new Map<string, Variant>();
  for (const run of plan) if (!variantsRun.has(run.variant)) variantsRun.set(run.variant, await loadVariant(run.variant));
  const expectedOf = (variant: string, events: number): SeedResult =>
    variantsRun.get(variant)?.expected?.(events) ?? expected.get(events)!;
  for (const run of plan) if (!expected.has(run.events)) expected.set(run.events, expectedSeedResult(run.events));

  log(`weir bench: node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, load ${machine.loadAverage.join(' ')}`);
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

  if (options.save) {
    const path = await saveResults({
      startedAt,
      finishedAt: new Date().toISOString(),
      machine,
      options: { ...options, eventsFor: Object.fromEntries(options.eventsFor) },
      expected: Object.fromEntries(expected),
      summary,
      runs: records,
    });
    console.log(`results: ${relative(REPO_ROOT, path)} (and bench/results/latest.json)`);
  }

  const badBaseline = summary.filter((row) => row.variant === BASELINE && row.status !== 'ok');
  for (const row of badBaseline) log(`framework error: baseline ${BASELINE} @ ${row.events} events is ${row.status}`);
  return badBaseline.length > 0 ? 1 : 0;
}

function baseRss(records: readonly RunRecord[]): string {
  const starts = records.flatMap((r) => (r.report ? [r.report.startRssMB] : []));
  return starts.length === 0 ? '?' : Math.min(...starts).toFixed(0);
}

async function main(): Promise<void> {
  if (process.argv[2] === 'checkpoint') {
    // `npm run bench -- checkpoint [sync-view|incremental-size|restore]`: keyed-state checkpoint figures.
    const { runCheckpointBench } = await import('./checkpoint/run-checkpoint-bench.js');
    process.exitCode = runCheckpointBench(process.argv.slice(3));
    return;
  }
  let options: BenchOptions | undefined;
  try {
    options = parseBenchArgs(process.argv.slice(2));
    if (options === undefined) {
      console.log(USAGE);
      return;
    }
    process.exitCode = await bench(options);
  } catch (error) {
    if (error instanceof UsageError) {
      log(`${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else {
      log(`framework error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    }
  }
}

await main();
