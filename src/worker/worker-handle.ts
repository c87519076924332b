import type { Remote } from 'comlink';
import type { WorkerError } from '../errors/worker-error.js';
import type { Clock } from '../time/clock.js';
import type { Millis } from '../time/time-types.js';

/** A started worker: its exposed API, called through comlink, and a way to stop it. */
export interface WorkerHandle<T> {
  /** Names the worker in errors: `options.name`, else the module's file name. */
  readonly name: string;
  /** The worker's exposed API; every method returns a promise. Calls reject with a `WorkerError` once the worker is gone. */
  readonly remote: Remote<T>;
  /** Stops the worker. Pending calls reject with a `WorkerError`; `onCrash` is not called. Idempotent. */
  terminate(): Promise<void>;
  /** The worker_threads thread id (Node only): identifies locks a crashed worker left behind. */
  readonly threadId?: number;
}

/** Options of `spawnNodeWorker` and `spawnBrowserWorker`. */
export interface SpawnWorkerOptions {
  /** Names the worker in errors; defaults to the module's file name. */
  readonly name?: string;
  /** How long the module may take to load and expose its API. Default 30 000 ms. */
  readonly readyTimeout?: Millis;
  /** Runs the ready timeout; default `new SystemClock()`. Tests pass a `ManualClock`. */
  readonly clock?: Clock;
  /**
   * Called once if the worker dies after it was ready (uncaught error,
   * unhandled rejection, `process.exit`, terminated by someone else) — never
   * after {@link WorkerHandle.terminate}. Must not throw.
   */
  readonly onCrash?: (error: WorkerError) => void;
}
