import type { Millis } from '../../time/time-types.js';
import type { Sink, SinkWriter } from '../sink.js';

/** A collected record with its timestamp (undefined when it had none). */
export interface CollectedRecord<T> {
  readonly value: T;
  readonly timestamp: Millis | undefined;
}

/**
 * Collects every record in memory, in arrival order. For tests, demos and
 * small results.
 *
 * @example
 * ```ts
 * const out = stream.collect();
 * await env.execute().result;
 * console.log(out.values);
 * ```
 */
export class CollectSink<T> implements Sink<T> {
  readonly name = 'Collect Sink';
  /** Collected values, in arrival order. */
  readonly values: T[] = [];
  /** Collected values with their timestamps. */
  readonly records: CollectedRecord<T>[] = [];

  createWriter(): SinkWriter<T> {
    return {
      write: (value, timestamp) => {
        this.values.push(value);
        this.records.push({ value, timestamp });
      },
    };
  }
}
