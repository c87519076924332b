import { wrap, type Endpoint, type Remote } from 'comlink';
import { ErrorCodes } from '../errors/error-codes.js';
import { WorkerError } from '../errors/worker-error.js';
import { SystemClock } from '../time/system-clock.js';
import { CallTrackingEndpoint } from './call-tracking-endpoint.js';
import { installErrorTransfer } from './install-error-transfer.js';
import { deserializeThrown } from './deserialize-thrown.js';
import { isWorkerControlMessage } from './worker-control-message.js';
import type { SpawnWorkerOptions, WorkerHandle } from './worker-handle.js';

const DEFAULT_READY_TIMEOUT = 30_000;

/** What a platform's spawn function hands the lifecycle. */
export interface WorkerLifecycleParameters {
  /** Names the worker in errors. */
  readonly name: string;
  /** The module the worker runs, as given (URL or path), for messages. */
  readonly module: string;
  /** The raw channel to the worker; control messages and comlink replies arrive here. */
  readonly endpoint: Endpoint;
  /** Stops the underlying worker; called once. */
  readonly kill: () => Promise<unknown> | void;
  readonly options: SpawnWorkerOptions;
}

/**
 * The parent side of one worker, whatever the platform: waits for the ready
 * handshake, turns a failure before it into a rejected start and one after
 * it into a single `onCrash`, and rejects pending calls once the worker is
 * gone. Platform adapters feed it {@link WorkerLifecycle.failed} and
 * {@link WorkerLifecycle.exited}.
 */
export class WorkerLifecycle<T> {
  private state: 'starting' | 'ready' | 'ended' = 'starting';
  private readonly calls: CallTrackingEndpoint;
  private readonly cancelTimeout: () => void;
  private settleStart!: { resolve: (handle: WorkerHandle<T>) => void; reject: (error: WorkerError) => void };
  private killed: Promise<unknown> | undefined;
  /** Resolves with the handle once the worker is ready; rejects with a `WORKER_FAILED` error if it never gets there. */
  readonly started: Promise<WorkerHandle<T>>;

  constructor(private readonly parameters: WorkerLifecycleParameters) {
    installErrorTransfer();
    this.started = new Promise((resolve, reject) => (this.settleStart = { resolve, reject }));
    this.calls = new CallTrackingEndpoint(parameters.endpoint);
    this.calls.addEventListener('message', (event) => this.receive((event as MessageEvent).data));
    const clock = parameters.options.clock ?? new SystemClock();
    const timeout = parameters.options.readyTimeout ?? DEFAULT_READY_TIMEOUT;
    this.cancelTimeout = clock.schedule(clock.now() + timeout, () =>
      this.failed(`it did not report ready within ${timeout} ms (does the module call exposeNodeWorker / exposeBrowserWorker?)`),
    );
  }

  /** The worker reported an error: fails the start, or is a crash once it was ready. */
  failed(reason: string, cause?: unknown): void {
    if (this.state === 'starting') this.failStart(reason, cause);
    else if (this.state === 'ready') this.crash(reason, cause);
  }

  /** The worker's thread ended. */
  exited(code: number): void {
    this.failed(code === 0 ? 'it exited (code 0)' : `it exited with code ${code}`);
  }

  private receive(data: unknown): void {
    if (!isWorkerControlMessage(data)) return;
    if (data.type === 'weir/ready') this.becomeReady();
    else this.failed('it threw an uncaught error', deserializeThrown(data.error));
  }

  private becomeReady(): void {
    if (this.state !== 'starting') return;
    this.state = 'ready';
    this.cancelTimeout();
    const remote: Remote<T> = wrap<T>(this.calls);
    this.settleStart.resolve({ name: this.parameters.name, remote, terminate: () => this.terminate() });
  }

  private failStart(reason: string, cause: unknown): void {
    const { name, module } = this.parameters;
    const message =
      `Worker '${name}' failed to load ${module}: ${reason}${describeCause(cause)}. ` +
      'Check that the module exists, has no syntax errors, does not throw while it is imported, and exposes its API.';
    const error = new WorkerError(ErrorCodes.WORKER_FAILED, message, cause === undefined ? {} : { cause });
    this.end(error);
    this.settleStart.reject(error);
  }

  private crash(reason: string, cause: unknown): void {
    const { name, module } = this.parameters;
    const message =
      `Worker '${name}' (${module}) crashed: ${reason}${describeCause(cause)}. ` +
      'Its pending calls were rejected; start a new worker to continue.';
    const error = new WorkerError(ErrorCodes.WORKER_FAILED, message, cause === undefined ? {} : { cause });
    this.end(error);
    this.parameters.options.onCrash?.(error);
  }

  private terminate(): Promise<void> {
    if (this.state !== 'ended') {
      const { name, module } = this.parameters;
      this.end(new WorkerError(ErrorCodes.WORKER_FAILED, `Worker '${name}' (${module}) was terminated; the call cannot complete.`));
    }
    return this.killed!.then(() => undefined);
  }

  /** Leaves for good: no more timeouts, calls fail with `error`, the worker is stopped. */
  private end(error: WorkerError): void {
    this.state = 'ended';
    this.cancelTimeout();
    this.calls.failAll(error);
    // A worker that already died makes kill() a no-op; a failure to kill has nobody left to tell.
    this.killed = Promise.resolve()
      .then(() => this.parameters.kill())
      .catch(() => undefined);
  }
}

function describeCause(cause: unknown): string {
  if (cause === undefined) return '';
  if (cause instanceof Error) return `: ${cause.name}: ${cause.message}`;
  return `: ${String(cause)}`;
}
