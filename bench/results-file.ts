import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem, platform, arch, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BrowserSection } from './browser/browser-record.js';
import type { CaseParams } from './browser/browser-case.js';
import type { BenchOptions } from './cli-options.js';
import type { RunRecord } from './run-record.js';
import type { SeedResult } from './seed-job.js';
import type { SummaryRow } from './summary.js';

/** Directory the results JSON files go to. */
export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/** The machine a run happened on, stored with its results. */
export interface MachineInfo {
  readonly node: string;
  readonly v8: string;
  readonly platform: string;
  readonly arch: string;
  readonly osRelease: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly totalMemoryMB: number;
  /** 1, 5 and 15 minute load averages when the run started (the machine is shared). */
  readonly loadAverage: readonly number[];
}

/** Everything one `npm run bench` stores. */
export interface BenchResults {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: MachineInfo;
  readonly options: Omit<BenchOptions, 'eventsFor' | 'browserParams'> & {
    readonly eventsFor: Record<string, number>;
    readonly browserParams: Record<string, CaseParams>;
  };
  /** The exact seed-job result every variant must produce, by event count (empty, like `summary` and `runs`, without the Node section). */
  readonly expected: Record<string, SeedResult>;
  readonly summary: readonly SummaryRow[];
  /** Every child run, repeats included. */
  readonly runs: readonly RunRecord[];
  /** The browser cases (headless Chromium), when any was selected. */
  readonly browser?: BrowserSection;
}

/** Describes this machine. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: platform(),
    arch: arch(),
    osRelease: release(),
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    totalMemoryMB: Math.round(totalmem() / 2 ** 20),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/**
 * Writes `bench/results/<ISO timestamp>.json` (colons replaced by dashes, so
 * the name is valid everywhere) and `bench/results/latest.json`; returns the
 * timestamped path.
 */
export async function saveResults(results: BenchResults): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const path = `${RESULTS_DIR}${results.startedAt.replaceAll(':', '-')}.json`;
  await writeFile(path, json);
  await writeFile(`${RESULTS_DIR}latest.json`, json);
  return path;
}
