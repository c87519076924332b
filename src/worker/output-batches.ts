import { Observable, type Subject } from 'rxjs';

/** One batch of an output's records, as a worker sends it. */
export interface OutputBatch {
  readonly name: string;
  readonly values: unknown[];
}

/** The records of output `name`, one by one, from a stream of every output's batches. */
export function recordsOf<T>(batches: Subject<OutputBatch>, name: string): Observable<T> {
  return new Observable<T>((subscriber) =>
    batches.subscribe({
      next: (batch) => {
        if (batch.name === name) for (const value of batch.values) subscriber.next(value as T);
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    }),
  );
}
