import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PROJECT = fileURLToPath(new URL('../tsconfig.node-workers.json', import.meta.url));
const ENTRY = 'test/support/workers/node-pipeline-worker';

let compiled: Promise<URL> | undefined;

/**
 * The Node worker module that serves the test pipelines (the seed job among
 * them), compiled to JavaScript with the repository's tsc
 * (`bench/tsconfig.node-workers.json`), so that workers load plain JS as
 * shipped code does instead of compiling TypeScript through tsx at start-up.
 * Compiled once per process into `bench/.build/node-workers-<pid>/` (inside
 * the repository, so `comlink` and `rxjs` resolve from its node_modules),
 * removed when the process exits. Call it before the timed part of a run.
 *
 * @throws Error with tsc's output when the module does not compile.
 */
export function compiledWorkerModule(): Promise<URL> {
  compiled ??= compile();
  return compiled;
}

async function compile(): Promise<URL> {
  const outDir = `${REPO}bench/.build/node-workers-${process.pid}`;
  process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
  try {
    await promisify(execFile)(process.execPath, [`${REPO}node_modules/typescript/bin/tsc`, '-p', PROJECT, '--outDir', outDir], { cwd: REPO });
  } catch (error) {
    const output = (error as { stdout?: string }).stdout ?? '';
    throw new Error(`bench: compiling the worker module with ${PROJECT} failed:\n${output}`, { cause: error });
  }
  return pathToFileURL(`${outDir}/${ENTRY}.js`);
}
