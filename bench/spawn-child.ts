import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildReport, RunRecord } from './run-record.js';

/** The repository root (children run there so `--import tsx` resolves from its node_modules). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHILD_SCRIPT = fileURLToPath(new URL('./child.ts', import.meta.url));
/** Keep at most this much of a child's stderr (the tail is what explains a crash). */
const STDERR_KEEP = 16 * 1024;

/** How to run one child. */
export interface ChildOptions {
  readonly variant: string;
  readonly events: number;
  readonly warmupEvents: number;
  /** `--max-old-space-size` of the child, in MB. */
  readonly heapMB: number;
  /** The child is killed (SIGKILL) after this many seconds and reported as `timeout`. */
  readonly timeoutSeconds: number;
}

const OOM_PATTERN = /heap out of memory|Reached heap limit|Allocation failed|invalid (?:array|table) (?:length|size)|out of memory/i;

/**
 * Runs one variant once in a fresh node process and classifies how it ended:
 * `ok` (printed a report; correctness is judged by the caller), `out of
 * memory` (V8 heap limit, or killed by a signal we did not send, i.e. most
 * likely the kernel's OOM killer), `timeout` (we killed it), or `error`.
 * Never rejects for a failure of the child itself.
 */
export function runChild(options: ChildOptions): Promise<RunRecord> {
  const { variant, events } = options;
  const args = [
    `--max-old-space-size=${options.heapMB}`,
    '--expose-gc',
    '--import',
    'tsx',
    CHILD_SCRIPT,
    variant,
    String(events),
    String(options.warmupEvents),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const started = Date.now();
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutSeconds * 1000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error); // could not spawn at all: a framework error
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const tail = stderr.trim().split('\n').slice(-6).join('\n');
      const exit = `${signal === null ? `exit code ${code}` : `signal ${signal}`} after ${((Date.now() - started) / 1000).toFixed(0)} s`;
      if (timedOut) {
        resolve({ variant, events, status: 'timeout', detail: `killed after ${options.timeoutSeconds} s` });
      } else if (OOM_PATTERN.test(stderr) || (signal === 'SIGKILL' && code === null)) {
        const why = stderr.split('\n').find((l) => OOM_PATTERN.test(l))?.trim() ?? 'killed by SIGKILL we did not send (OOM killer?)';
        resolve({ variant, events, status: 'out of memory', detail: `${exit}, heap limit ${options.heapMB} MB: ${why}` });
      } else {
        const report = code === 0 ? parseReport(stdout) : undefined;
        if (report === undefined) {
          resolve({ variant, events, status: 'error', detail: `${exit}: ${tail || stdout.trim().slice(-500)}` });
        } else {
          resolve({ variant, events, status: 'ok', report });
        }
      }
    });
  });
}

/** The last JSON line of a child's stdout, or undefined if there is none. */
function parseReport(stdout: string): ChildReport | undefined {
  const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line) as ChildReport;
  } catch {
    return undefined;
  }
}
