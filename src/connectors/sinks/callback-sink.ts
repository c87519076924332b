import { requireFunction } from '../../errors/argument-checks.js';
import type { Millis } from '../../time/time-types.js';
import type { Sink, SinkContext, SinkWriter } from '../sink.js';

/** Calls a function for every record. A throw fails the job. */
export class CallbackSink<T> implements Sink<T> {
  readonly name = 'Callback Sink';
  constructor(private readonly callback: (value: T, timestamp: Millis | undefined, context: SinkContext) => void) {
    requireFunction(callback, 'The forEach callback');
  }

  createWriter(context: SinkContext): SinkWriter<T> {
    return { write: (value, timestamp) => this.callback(value, timestamp, context) };
  }
}
