import { parseArgs } from 'node:util';

/** Options of `npm run bench`, after parsing and validation. */
export interface BenchOptions {
  /** Events per run for variants without their own count (`--events`, default 10 000 000). */
  readonly events: number;
  /** Per-variant event counts from `--events-for name=N` (win over a variant's `defaultEvents`). */
  readonly eventsFor: ReadonlyMap<string, number>;
  /** Variants to run besides the baseline (`--only a,b`); undefined = all. */
  readonly only?: readonly string[];
  /** Runs per (variant, events), each in a fresh process (`--repeat`, default 1); the median is reported. */
  readonly repeat: number;
  /** Child heap limit in MB for every variant (`--heap-mb`); undefined = the variant's own, else 2048. */
  readonly heapMB?: number;
  /** Per-run time limit in seconds for every variant (`--timeout`); undefined = the variant's own, else 600. */
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
  --only a,b            run only these variants (the baseline hand-loop always runs)
  --repeat K            runs per variant and event count, each in a fresh process;
                        reports the median events/s and the highest peak RSS (default 1)
  --heap-mb MB          child heap limit for all variants (default: the variant's own, else 2048)
  --timeout S           per-run time limit in seconds for all variants (default: the variant's own, else 600)
  --warmup F            warm-up run of F × events (at most 100000) before timing (default 0.01; 0 = none)
  --no-save             do not write bench/results/*.json
  --help                this text`;

function count(text: string, flag: string, min = 1): number {
  const n = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} needs an integer >= ${min}, got "${text}"`);
  return n;
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
  const only = v.only?.split(',').map((s) => s.trim()).filter((s) => s !== '');

  return {
    events: v.events === undefined ? 10_000_000 : count(v.events, '--events'),
    eventsFor,
    ...(only === undefined ? {} : { only }),
    repeat: v.repeat === undefined ? 1 : count(v.repeat, '--repeat'),
    ...(v['heap-mb'] === undefined ? {} : { heapMB: count(v['heap-mb'], '--heap-mb', 16) }),
    ...(v.timeout === undefined ? {} : { timeoutSeconds: count(v.timeout, '--timeout') }),
    warmupFraction,
    warmupMax: 100_000,
    save: !v['no-save'],
  };
}
