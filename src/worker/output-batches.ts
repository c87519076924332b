import { Observable, type Subscriber } from 'rxjs';

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
}

/**
 * The pipeline's outputs on the main thread, fed by the workers' batches.
 * An output's records wait for its first subscriber: a job starts (and may
 * write) before the caller of `runInWorker(s)` gets to subscribe, and the
 * caller may await something else first; nothing written is lost to that.
 * From the first subscription on, records go live to every current
 * subscriber (a later subscriber sees them from its subscription on). An
 * output nobody subscribes to keeps its records until the job ends.
 */
export class OutputHub {
  private readonly outputs = new Map<string, OutputState>();
  private ended: { readonly error?: unknown } | undefined;

  /** Delivers one batch of output `batch.name`. */
  next(batch: OutputBatch): void {
    if (this.ended !== undefined) return;
    const state = this.stateOf(batch.name);
    if (state.waiting !== undefined) {
      for (const value of batch.values) state.waiting.push(value);
      return;
    }
    for (const subscriber of state.subscribers) for (const value of batch.values) subscriber.next(value);
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
    if (state === undefined) this.outputs.set(name, (state = { subscribers: new Set(), waiting: [] }));
    return state;
  }
}
