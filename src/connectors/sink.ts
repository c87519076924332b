import type { Millis } from '../time/time-types.js';

/** What a sink writer learns about the subtask it writes for. */
export interface SinkContext {
  readonly subtaskIndex: number;
  readonly parallelism: number;
}

/**
 * Writes the records of one sink subtask. `timestamp` is undefined for
 * records without one. `finish` runs at end of input; `close` always.
 *
 * Checkpoint hooks (all optional; what exactly-once sinks implement, see
 * TwoPhaseCommitSinkWriter):
 * - `initializeState(state)` runs once before the first `write` when the job
 *   restores, with what `snapshotState` returned at the restored checkpoint;
 * - `snapshotState(id)` runs when checkpoint `id`'s barrier reaches the
 *   writer (synchronously, in order with records): pre-commit what was
 *   written before the barrier and return the state to keep (plain data the
 *   state codec supports);
 * - `notifyCheckpointComplete(id)` runs after checkpoint `id` is durably
 *   complete: commit everything pre-committed up to `id`. A rejection fails
 *   the job (the restart strategy then decides);
 * - `notifyCheckpointAborted(id)` runs when checkpoint `id` failed.
 */
export interface SinkWriter<T> {
  write(value: T, timestamp: Millis | undefined): void;
  /** End of input; a returned promise holds the job's end until it settles (a rejection fails the job). */
  finish?(): void | Promise<void>;
  close?(): void;
  /** A returned promise (async recovery of pending transactions) is awaited before the next commit or the end. */
  initializeState?(state: unknown): void | Promise<void>;
  /** A returned promise is awaited before the checkpoint is acknowledged; its value is the state. */
  snapshotState?(checkpointId: number): unknown;
  notifyCheckpointComplete?(checkpointId: number): void | Promise<void>;
  notifyCheckpointAborted?(checkpointId: number): void;
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
