import type { Millis } from '../time/time-types.js';

/** What a sink writer learns about the subtask it writes for. */
export interface SinkContext {
  readonly subtaskIndex: number;
  readonly parallelism: number;
}

/**
 * Writes the records of one sink subtask. `timestamp` is undefined for
 * records without one. `finish` runs at end of input; `close` always.
 */
export interface SinkWriter<T> {
  write(value: T, timestamp: Millis | undefined): void;
  finish?(): void;
  close?(): void;
}

/**
 * Where a stream ends. One writer per sink subtask; the optional job hooks
 * run once per job run, after every writer is done.
 */
export interface Sink<T> {
  readonly name: string;
  createWriter(context: SinkContext): SinkWriter<T>;
  /** The job finished: all input was written. */
  onJobFinished?(): void;
  /** The job failed with `error` (before any restart). */
  onJobFailed?(error: unknown): void;
  /** The job was cancelled. */
  onJobCanceled?(): void;
}
