/**
 * `npm run bench`: runs the seed job in each registered Node variant, each
 * run in its own child process, and prints how each compares with the
 * hand-written loop; then runs the browser cases in headless Chromium and
 * prints them against their targets; a full run (no `--only`) ends with the
 * keyed-state checkpoint figures. `npm run bench -- --help` lists the
 * options; `npm run bench -- checkpoint` runs only the checkpoint figures
 * (see bench/checkpoint/run-checkpoint-bench.ts).
 *
 * Exit code 0 whatever the variants' speed, status or verdicts (it is a
 * report; a missing Chromium only skips the browser section); 1 when the
 * framework itself fails (including a baseline that does not run or gets the
 * wrong answer); 2 for a bad command line.
 */
import { relative } from 'node:path';
import { browserCaseNames } from './browser/cases.js';
import type { BrowserSection } from './browser/browser-record.js';
import { formatBrowserReport } from './browser/browser-table.js';
import { runBrowserCases } from './browser/run-browser-cases.js';
import { parseBenchArgs, USAGE, UsageError, type BenchOptions } from './cli-options.js';
import { machineInfo, saveResults } from './results-file.js';
import { runNodeVariants, type NodeSection } from './run-node-variants.js';
import { selectSections } from './select-sections.js';
import { REPO_ROOT } from './spawn-child.js';
import { variantNames } from './variants.js';

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function bench(options: BenchOptions): Promise<number> {
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const selection = selectSections(options, variantNames(), browserCaseNames());
  log(`weir bench: node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, load ${machine.loadAverage.join(' ')}`);

  let node: NodeSection | undefined;
  if (selection.node !== undefined) {
    const { only, ...rest } = options;
    node = await runNodeVariants({ ...rest, ...(selection.node.only === undefined ? {} : { only: selection.node.only }) }, log);
  }

  let browser: BrowserSection | undefined;
  if (selection.browserCases.length > 0) {
    browser = await runBrowserCases({
      cases: selection.browserCases,
      params: options.browserParams,
      ...(options.timeoutSeconds === undefined ? {} : { timeoutSeconds: options.timeoutSeconds }),
      log,
    });
    console.log();
    console.log(formatBrowserReport(browser));
  }

  // A full run (no --only, Node section on) ends with the keyed-state checkpoint figures.
  if (options.only === undefined && selection.node !== undefined) {
    log('\ncheckpoint figures (npm run bench -- checkpoint):');
    const { runCheckpointBench } = await import('./checkpoint/run-checkpoint-bench.js');
    runCheckpointBench([]);
  }

  if (options.save) {
    const path = await saveResults({
      startedAt,
      finishedAt: new Date().toISOString(),
      machine,
      options: { ...options, eventsFor: Object.fromEntries(options.eventsFor), browserParams: Object.fromEntries(options.browserParams) },
      expected: Object.fromEntries(node?.expected ?? []),
      summary: node?.summary ?? [],
      runs: node?.runs ?? [],
      ...(browser === undefined ? {} : { browser }),
    });
    console.log(`results: ${relative(REPO_ROOT, path)} (and bench/results/latest.json)`);
  }
  return node?.badBaseline ? 1 : 0;
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
