import { ErrorCodes } from '../../errors/error-codes.js';
import { WorkerError } from '../../errors/worker-error.js';

/** What the bootstrap reads from `workerData`. */
interface TsxBootstrapData {
  /** file: URL of the TypeScript module to run. */
  readonly module: string;
  /** file: URL of `tsx/esm/api`, resolved by the parent. */
  readonly tsxApi: string;
}

/**
 * The JavaScript a worker runs (with `eval: true`, as CommonJS) to load a
 * TypeScript module: Node 20 cannot run `.ts` itself, and `execArgv:
 * ['--import', 'tsx']` does not reach worker threads, so the worker first
 * registers tsx's ESM hooks, then imports the module. Inline instead of a
 * `.mjs` file so that it ships inside the compiled code without a copy step.
 * A failed import is rethrown as an uncaught exception, so the parent hears
 * it as the worker's `error` event whatever `--unhandled-rejections` says.
 */
export const TSX_BOOTSTRAP_SOURCE = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi)
  .then(({ register }) => { register(); return import(workerData.module); })
  .catch((error) => process.nextTick(() => { throw error; }));
`;

/** True for a module tsx must compile first (`.ts`, `.mts`, `.cts`, `.tsx`). */
export function needsTsx(moduleUrl: URL): boolean {
  return /\.(c|m)?tsx?$/.test(moduleUrl.pathname);
}

/** The bootstrap's workerData for `moduleUrl`; throws a `WORKER_FAILED` error when tsx is not installed. */
export function tsxBootstrapData(moduleUrl: URL): TsxBootstrapData {
  let tsxApi: string;
  try {
    // import.meta.resolve applies the import conditions: tsx's CommonJS build of this API cannot register ESM hooks.
    tsxApi = import.meta.resolve('tsx/esm/api');
  } catch (cause) {
    throw new WorkerError(
      ErrorCodes.WORKER_FAILED,
      `Cannot run the TypeScript worker module ${moduleUrl.href}: tsx is not installed. ` +
        'Install tsx (npm i -D tsx) for development, or spawn the compiled .js module.',
      { cause },
    );
  }
  return { module: moduleUrl.href, tsxApi };
}
