import type { Sink, SinkWriter } from '../connectors/sink.js';
import { WorkerError } from '../errors/worker-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import { yieldToEventLoop } from '../runtime/yield-to-event-loop.js';

/** Where an output's batches go: the main thread's listener. */
export type OutputChannel = (name: string, values: unknown[]) => Promise<void>;

/** Values sent in one message at most. */
const BATCH = 512;

/**
 * A sink inside a worker whose records reach the main thread in batches
 * (postMessage per record is far too slow): a batch leaves when it is full,
 * on the next turn of the event loop, and at end of input. A batch the
 * channel cannot send (a value structured clone refuses) fails the next
 * write or the end with a WorkerError naming the output.
 */
export class OutputSink<T> implements Sink<T> {
  readonly name: string;

  constructor(
    private readonly output: string,
    private readonly channel: OutputChannel,
  ) {
    this.name = `Worker Output '${output}'`;
  }

  createWriter(): SinkWriter<T> {
    let batch: unknown[] = [];
    let scheduled = false;
    let failure: unknown;
    let inFlight: Promise<void> = Promise.resolve();
    const send = () => {
      scheduled = false;
      if (batch.length === 0) return;
      const values = batch;
      batch = [];
      inFlight = this.channel(this.output, values).catch((error: unknown) => {
        failure ??= error;
      });
    };
    const check = () => {
      if (failure === undefined) return;
      throw new WorkerError(
        ErrorCodes.WORKER_FAILED,
        `Output '${this.output}' could not send its records to the main thread: ${failure instanceof Error ? failure.message : String(failure)}. ` +
          'Records of a worker output must be structured-cloneable.',
        { cause: failure },
      );
    };
    return {
      write(value) {
        check();
        batch.push(value);
        if (batch.length >= BATCH) send();
        else if (!scheduled) {
          scheduled = true;
          void yieldToEventLoop().then(send);
        }
      },
      async finish() {
        send();
        await inFlight;
        check();
      },
    };
  }
}
