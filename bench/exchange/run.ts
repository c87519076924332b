/**
 * `npx tsx bench/exchange/run.ts [--node-only | --browser-only] [--repeat N] [--records-seed N] [--records-big N]`:
 * the cross-worker exchange benchmark (src/worker/exchange). Sends records
 * of the seed job's shape and of a bigger object from a producer worker to
 * a consumer worker, with the binary codec and with structured clone, at
 * batch sizes 64/256/1024/4096 — first over Node worker_threads, then in
 * headless Chromium between Web Workers (browser case `exchange-web-workers`).
 * Prints records/s, batches/s and MB/s per combination and binary's
 * speed-up over structured clone. A report, never a pass/fail.
 */
import { findChromium } from '../../test/support/find-chromium.js';
import { BrowserSession } from '../browser/browser-session.js';
import { DEFAULT_SWEEP, formatSweep, type SweepOptions, type SweepRow } from './exchange-sweep.js';
import { runNodeExchangeSweep } from './run-node-exchange.js';

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function parseArgs(argv: readonly string[]): { options: SweepOptions; node: boolean; browser: boolean } {
  let options: SweepOptions = DEFAULT_SWEEP;
  let node = true;
  let browser = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const n = Number(argv[++i]?.replaceAll('_', ''));
      if (!Number.isInteger(n) || n < 1) throw new Error(`${arg} needs a positive integer`);
      return n;
    };
    if (arg === '--node-only') browser = false;
    else if (arg === '--browser-only') node = false;
    else if (arg === '--repeat') options = { ...options, repeat: value() };
    else if (arg === '--records-seed') options = { ...options, records: { ...options.records, seed: value() } };
    else if (arg === '--records-big') options = { ...options, records: { ...options.records, big: value() } };
    else throw new Error(`unknown option ${arg}`);
  }
  return { options, node, browser };
}

/** Rows from the browser case's flat metrics (`seed.binary.1024.recordsPerSec`, ...). */
function rowsFromMetrics(metrics: Record<string, number>): SweepRow[] {
  const rows = new Map<string, Record<string, unknown>>();
  for (const [name, value] of Object.entries(metrics)) {
    const [shape, encoding, batch, metric] = name.split('.');
    const key = `${shape}.${encoding}.${batch}`;
    const row = rows.get(key) ?? { shape, encoding, batchRecords: Number(batch), mbPerSec: Number.NaN, bytesPerRecord: Number.NaN };
    row[metric!] = value;
    rows.set(key, row);
  }
  return [...rows.values()] as unknown as SweepRow[];
}

async function main(): Promise<void> {
  const { options, node, browser } = parseArgs(process.argv.slice(2));
  if (node) {
    log('exchange over Node worker_threads (producer worker → consumer worker):');
    const rows = await runNodeExchangeSweep(options, log);
    console.log(formatSweep(`\nNode ${process.version} worker_threads, ${options.maxInFlightBatches} batches in flight, median of ${options.repeat}`, rows));
  }
  if (browser) {
    const chromium = findChromium();
    if (chromium.path === undefined) {
      log(`no Chromium found (looked at: ${chromium.searched.join(', ')}); browser sweep skipped.`);
      return;
    }
    log('\nexchange in headless Chromium (Web Worker → Web Worker):');
    const session = await BrowserSession.open({ executablePath: chromium.path, startTimeoutMs: 60_000, onPageLog: log });
    try {
      const outcome = await session.run(
        'exchange-web-workers',
        { repeat: options.repeat, recordsSeed: options.records.seed, recordsBig: options.records.big },
        600_000,
      );
      if (!outcome.ok) throw new Error(outcome.error);
      console.log(formatSweep(`\nChromium ${session.browserVersion} Web Workers, ${options.maxInFlightBatches} batches in flight, median of ${options.repeat}`, rowsFromMetrics(outcome.metrics)));
    } finally {
      await session.close();
    }
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
