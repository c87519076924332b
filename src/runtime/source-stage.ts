import { Observable } from 'rxjs';
import type { Source, SourceReader, SourceSplit } from '../connectors/source.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP, type Millis } from '../time/time-types.js';
import { EndOfInput, StreamRecord, Watermark, type CheckpointBarrier, type StreamElement } from './stream-element.js';
import { toJobError } from './to-job-error.js';
import { yieldToEventLoop } from './yield-to-event-loop.js';

/** How the runtime pulls a source. */
export interface SourcePullOptions {
  /** Records per poll (the credit one pull may use). */
  readonly chunkSize: number;
  /** Yield to the event loop after this many ms of pulling, so timers, checkpoints and cancel run. */
  readonly timeSliceMs: number;
  /**
   * Asked before each pull: a promise while downstream cannot take more
   * (an exchange to another worker is out of credit), undefined when it can.
   */
  readonly backpressure?: () => Promise<void> | undefined;
}

/** A deployed source subtask: an Observable of its elements plus the switch that starts pulling. */
export interface SourceStage {
  readonly output: Observable<StreamElement>;
  /** Starts pulling once everything downstream is subscribed. */
  start(): void;
  /**
   * Emits `barrier` now, between two chunks, and returns the position it
   * marks (where a restore resumes); `undefined` as the result means the
   * source is not running (not started, ended or failed) and emitted nothing.
   */
  injectBarrier(barrier: CheckpointBarrier): { position: unknown } | undefined;
  /** Whether it is deployed and has neither ended nor stopped (a barrier injected now would flow). */
  running(): boolean;
}

/**
 * Deploys a source subtask: pulls its reader in bounded chunks on the event
 * loop and pushes records, then the final watermark and end of input.
 */
export function sourceStage<T>(
  source: Source<T>,
  uid: string,
  options: SourcePullOptions,
  restorePosition: unknown,
  split?: SourceSplit,
): SourceStage {
  let reader: SourceReader<T> | undefined;
  let stopped = false;
  let startPulling: (() => void) | undefined;
  let emitBarrier: ((barrier: CheckpointBarrier) => void) | undefined;
  let isRunning = () => false;

  const output = new Observable<StreamElement>((subscriber) => {
    try {
      reader = source.createReader(split);
      if (restorePosition !== undefined) reader.seek(restorePosition);
    } catch (error) {
      // A custom source's code: fail the job naming the source, as for a throwing pollNext.
      subscriber.error(toJobError(error, uid));
      return;
    }
    const r = reader;
    let ended = false;
    const emit = (value: T, timestamp?: Millis) => {
      subscriber.next(new StreamRecord(value, timestamp === undefined ? MIN_TIMESTAMP : timestamp));
    };
    const pull = async () => {
      try {
        let sliceStart = performance.now();
        while (!stopped && !subscriber.closed) {
          const held = options.backpressure?.();
          if (held !== undefined) {
            await held;
            sliceStart = performance.now();
            if (stopped || subscriber.closed) return;
          }
          const status = r.pollNext(options.chunkSize, emit);
          if (stopped) return;
          if (status === 'end') {
            ended = true;
            subscriber.next(new Watermark(MAX_TIMESTAMP));
            subscriber.next(EndOfInput.INSTANCE);
            subscriber.complete();
            return;
          }
          if (status === 'waiting') {
            await (r.waitForData?.() ?? yieldToEventLoop());
            sliceStart = performance.now();
          } else if (performance.now() - sliceStart >= options.timeSliceMs) {
            await yieldToEventLoop();
            sliceStart = performance.now();
          }
        }
      } catch (error) {
        subscriber.error(toJobError(error, uid));
      }
    };
    startPulling = () => void pull();
    // Called from a timer or a user call, never from inside pollNext: the pull loop is parked at
    // an await, so the barrier lands between two chunks, after every record polled so far.
    isRunning = () => !stopped && !ended && !subscriber.closed;
    emitBarrier = (barrier) => subscriber.next(barrier);
    return () => {
      stopped = true;
      r.close();
    };
  });

  return {
    output,
    start: () => startPulling?.(),
    running: () => isRunning(),
    injectBarrier: (barrier) => {
      if (!isRunning() || reader === undefined) return undefined;
      const position = reader.position();
      emitBarrier!(barrier);
      return { position };
    },
  };
}
