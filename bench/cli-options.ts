import { parseArgs } from 'node:util';
import type { CaseParams } from './browser/browser-case.js';

/** Which sections run: Node variants and browser cases (default), only browser cases, or only Node variants. */
export type BenchSections = 'all' | 'browser-only' | 'no-browser';

/** Options of `npm run bench`, after parsing and validation. */
export interface BenchOptions {
  /** Events per run for variants without their own count (`--events`, default 10 000 000). */
  readonly events: number;
  /** Per-variant event counts from `--events-for name=N` (win over a variant's `defaultEvents`). */
  readonly eventsFor: ReadonlyMap<string, number>;
  /** Variants to run besides the baseline and browser cases to run (`--only a,b`); undefined = all. */
  readonly only?: readonly string[];
  /** `--browser-only` / `--no-browser`; default both sections. */
  readonly sections: BenchSections;
  /** Parameter overrides of browser cases from `--browser-param case.key=N`, by case name. */
  readonly browserParams: ReadonlyMap<string, CaseParams>;
  /** Runs per (variant, events), each in a fresh process (`--repeat`, default 1); the median is reported. */
  readonly repeat: number;
  /** Child heap limit in MB for every variant (`--heap-mb`); undefined = the variant's own, else 2048. */
  readonly heapMB?: number;
  /** Per-run time limit in seconds for every variant and browser case (`--timeout`); undefined = their own, else 600 (variants) / 300 (cases). */
  readonly timeoutSeconds?: number;
  /** Warm-up events as a fraction of the measured run (`--warmup`, default 0.01; 0 disables). */
  readonly warmupFraction: number;
  /** Cap on warm-up events (100 000). */
  readonly warmupMax: number;
  /** Write results JSON (`--no-save` turns it off). */
  readonly save: boolean;
}

/** Thrown for bad command lines: the runner prints the message and usage, exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Help text for `npm run bench -- --help`. */
export const USAGE = `Usage: npm run bench -- [options]

  --events N            events per run (default 10000000; 10_000_000 and 1e7 work too)
  --events-for name=N   event count for one variant (repeatable or comma-separated);
                        otherwise a variant with a smaller defaultEvents (rxjs-groupby: 1 M) uses that
  --only a,b            run only these variants and browser cases (the baseline hand-loop runs
                        whenever a Node variant does)
  --repeat K            runs per variant and event count, each in a fresh process;
                        reports the median events/s and the highest peak RSS (default 1)
  --heap-mb MB          child heap limit for all variants (default: the variant's own, else 2048)
  --timeout S           per-run time limit in seconds for all variants and browser cases
                        (default: their own, else 600 for a variant, 300 for a browser case)
  --warmup F            warm-up run of F × events (at most 100000) before timing (default 0.01; 0 = none)
  --browser-only        run only the browser cases (headless Chromium), no Node variants
  --no-browser          run only the Node variants
  --browser-param case.key=N
                        override one parameter of a browser case (repeatable or comma-separated),
                        e.g. idb-seed-checkpointed.events=500000
  --no-save             do not write bench/results/*.json
  --help                this text`;

function count(text: string, flag: string, min = 1): number {
  const n = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} needs an integer >= ${min}, got "${text}"`);
  return n;
}

/** `--browser-param case.key=N` values (each possibly comma-separated) as overrides by case name. */
export function parseBrowserParams(values: readonly string[]): Map<string, CaseParams> {
  const byCase = new Map<string, CaseParams>();
  for (const item of values.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '')) {
    const match = /^([^.=\s]+)\.([^.=\s]+)=(.+)$/.exec(item);
    const n = match === null ? NaN : Number(match[3]!.replaceAll('_', ''));
    if (match === null || !Number.isFinite(n)) throw new UsageError(`--browser-param needs case.key=N with a number N, got "${item}"`);
    byCase.set(match[1]!, { ...byCase.get(match[1]!), [match[2]!]: n });
  }
  return byCase;
}

/** Parses the command line (without node and script). Returns undefined for `--help`. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        events: { type: 'string' },
        'events-for': { type: 'string', multiple: true },
        only: { type: 'string' },
        repeat: { type: 'string' },
        'heap-mb': { type: 'string' },
        timeout: { type: 'string' },
        warmup: { type: 'string' },
        'no-save': { type: 'boolean' },
        'browser-only': { type: 'boolean' },
        'no-browser': { type: 'boolean' },
        'browser-param': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  if (v.help) return undefined;

  const eventsFor = new Map<string, number>();
  for (const item of (v['events-for'] ?? []).flatMap((s) => s.split(','))) {
    const [name, n] = item.split('=');
    if (!name || n === undefined) throw new UsageError(`--events-for needs name=N, got "${item}"`);
    eventsFor.set(name.trim(), count(n.trim(), `--events-for ${name}`));
  }
  const warmupFraction = v.warmup === undefined ? 0.01 : Number(v.warmup);
  if (!(warmupFraction >= 0 && warmupFraction <= 1)) throw new UsageError(`--warmup needs a fraction in [0, 1], got "${v.warmup}"`);
  if (v['browser-only'] && v['no-browser']) throw new UsageError('--browser-only and --no-browser exclude each other');
  const only = v.only?.split(',').map((s) => s.trim()).filter((s) => s !== '');

  return {
    events: v.events === undefined ? 10_000_000 : count(v.events, '--events'),
    eventsFor,
    ...(only === undefined ? {} : { only }),
    sections: v['browser-only'] ? 'browser-only' : v['no-browser'] ? 'no-browser' : 'all',
    browserParams: parseBrowserParams(v['browser-param'] ?? []),
    repeat: v.repeat === undefined ? 1 : count(v.repeat, '--repeat'),
    ...(v['heap-mb'] === undefined ? {} : { heapMB: count(v['heap-mb'], '--heap-mb', 16) }),
    ...(v.timeout === undefined ? {} : { timeoutSeconds: count(v.timeout, '--timeout') }),
    warmupFraction,
    warmupMax: 100_000,
    save: !v['no-save'],
  };
}
