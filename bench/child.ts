/**
 * Child process entry: runs one variant once and prints one JSON line
 * ({@link ChildReport}) on stdout.
 *
 * Usage: `node --import tsx --expose-gc bench/child.ts <variant> <events> [warmupEvents]`
 *
 * Before the measured run it runs the variant once over `warmupEvents` events
 * (the parent passes 1% of the events, at most 100 000) so the measured run
 * starts with warm, optimised code, then collects garbage if `gc` is exposed.
 * Only the measured run is timed. Peak RSS is the process's maxRSS at the end,
 * so it includes node + tsx (reported separately as startRssMB) and the warm-up.
 */
import type { ChildReport } from './run-record.js';
import { loadVariant } from './variants.js';

function parseCount(text: string | undefined, what: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`bench/child.ts: ${what} must be a non-negative integer, got "${text}"`);
  return n;
}

async function main(): Promise<void> {
  const [name, eventsArg, warmupArg] = process.argv.slice(2);
  if (name === undefined) throw new Error('usage: bench/child.ts <variant> <events> [warmupEvents]');
  const events = parseCount(eventsArg, 'events');
  const warmupEvents = warmupArg === undefined ? 0 : parseCount(warmupArg, 'warmupEvents');
  const startRssMB = process.resourceUsage().maxRSS / 1024;

  const variant = await loadVariant(name);
  if (warmupEvents > 0) await variant.run(warmupEvents);
  (globalThis as { gc?: () => void }).gc?.();

  const t0 = process.hrtime.bigint();
  const result = await variant.run(events);
  // A run that starts workers times its job apart from their start-up: that is its throughput.
  const seconds = result.timing?.jobSeconds ?? Number(process.hrtime.bigint() - t0) / 1e9;

  const report: ChildReport = {
    variant: name,
    events,
    seconds,
    eventsPerSec: events / seconds,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    startRssMB,
    warmupEvents,
    resultCount: result.resultCount,
    checksum: result.checksum,
    ...(result.counters === undefined ? {} : { counters: result.counters }),
    ...(result.timing === undefined ? {} : { timing: result.timing }),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
