import { Observable, type Subscriber } from 'rxjs';
import { ErrorCodes } from '../errors/error-codes.js';
import { WorkerError } from '../errors/worker-error.js';

/** How many records an output keeps for its first subscriber before it stops keeping them. */
const OUTPUT_WAITING_LIMIT = 1_000_000;

/** One batch of an output's records, as a worker sends it. */
export interface OutputBatch {
  readonly name: string;
  readonly values: unknown[];
}

/** One output's subscribers, and what arrived before the first of them. */
interface OutputState {
  readonly subscribers: Set<Subscriber<unknown>>;
  /** Records that arrived while nobody had ever subscribed; undefined once someone has. */
  waiting: unknown[] | undefined;
  /** Records dropped because `waiting` was full (the first subscriber gets an error instead of a gap). */
  dropped: number;
}

/**
 * The pipeline's outputs on the main thread, fed by the workers' batches.
 * An output's records wait for its first subscriber: a job starts (and may
 * write) before the caller of `runInWorker(s)` gets to subscribe, and the
 * caller may await something else first; nothing written is lost to that.
 * From the first subscription on, records go live to every current
 * subscriber (a later subscriber sees them from its subscription on). An
 * output nobody subscribes to keeps up to `waitingLimit` records (then
 * drops the rest, and its first subscriber gets a WorkerError saying so
 * rather than a silent gap).
 */
export class OutputHub {
  private readonly outputs = new Map<string, OutputState>();
  private ended: { readonly error?: unknown } | undefined;

  constructor(private readonly waitingLimit = OUTPUT_WAITING_LIMIT) {}

  /** Delivers one batch of output `batch.name`. */
  next(batch: OutputBatch): void {
    if (this.ended !== undefined) return;
    const state = this.stateOf(batch.name);
    if (state.waiting !== undefined) {
      for (const value of batch.values) {
        if (state.waiting.length < this.waitingLimit) state.waiting.push(value);
        else state.dropped++;
      }
      return;
    }
    // A copy: a subscriber that subscribes from inside next() starts with the next batch.
    for (const subscriber of [...state.subscribers]) for (const value of batch.values) subscriber.next(value);
  }

  /** The job ended: every output completes (after what waited, for a first subscriber yet to come). */
  complete(): void {
    this.end({});
  }

  /** The job's output failed: every output errors. */
  error(error: unknown): void {
    this.end({ error });
  }

  /** Output `name`'s records, from the job's start for its first subscriber. Completes when the job ends. */
  records<T>(name: string): Observable<T> {
    return new Observable<T>((subscriber) => {
      const state = this.stateOf(name);
      const waiting = state.waiting;
      state.waiting = undefined;
      if (waiting !== undefined) for (const value of waiting) subscriber.next(value as T);
      if (state.dropped > 0) {
        const dropped = state.dropped;
        state.dropped = 0;
        subscriber.error(
          new WorkerError(
            ErrorCodes.ILLEGAL_JOB_STATE,
            `Output '${name}' kept ${this.waitingLimit} records for its first subscriber, then dropped ${dropped} more before anyone subscribed. ` +
              `Subscribe to job.output$('${name}') as soon as runInWorker(s) resolves.`,
          ),
        );
        return;
      }
      if (this.ended !== undefined) {
        if ('error' in this.ended) subscriber.error(this.ended.error);
        else subscriber.complete();
        return;
      }
      state.subscribers.add(subscriber as Subscriber<unknown>);
      return () => state.subscribers.delete(subscriber as Subscriber<unknown>);
    });
  }

  private end(how: { readonly error?: unknown }): void {
    if (this.ended !== undefined) return;
    this.ended = how;
    for (const state of this.outputs.values()) {
      for (const subscriber of [...state.subscribers]) {
        if ('error' in how) subscriber.error(how.error);
        else subscriber.complete();
      }
      state.subscribers.clear();
    }
  }

  private stateOf(name: string): OutputState {
    let state = this.outputs.get(name);
    if (state === undefined) this.outputs.set(name, (state = { subscribers: new Set(), waiting: [], dropped: 0 }));
    return state;
  }
}
