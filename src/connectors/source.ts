import type { Millis } from '../time/time-types.js';

/** What a {@link SourceReader.pollNext} call found. */
export type PollStatus = 'more' | 'end' | 'waiting';

/** Receives a polled record; `timestamp` omitted means "no timestamp". */
export type SourceEmit<T> = (value: T, timestamp?: Millis) => void;

/**
 * Reads one source split. The runtime pulls it in bounded chunks (RxJS has
 * no backpressure): between chunks it can emit watermarks, take checkpoints,
 * let the page breathe or cancel.
 *
 * Contract: `pollNext` emits at most `max` records synchronously and returns
 * `'more'` (call again), `'waiting'` (nothing now: await `waitForData`) or
 * `'end'` (exhausted, never call again). `position()` describes where the
 * next record comes from; `seek(position)` before the first poll resumes
 * there. Throwing fails the job.
 */
export interface SourceReader<T> {
  pollNext(max: number, emit: SourceEmit<T>): PollStatus;
  waitForData?(): Promise<void>;
  /** Structured-clone-safe position for checkpoints; undefined when not replayable. */
  position(): unknown;
  seek(position: unknown): void;
  close(): void;
}

/** Which share of a parallel source a reader reads. */
export interface SourceSplit {
  readonly subtaskIndex: number;
  readonly parallelism: number;
}

/**
 * A source of records. Built-ins: array, iterable, generator (replayable:
 * they resume from a checkpointed position) and Observable (not replayable).
 */
export interface Source<T> {
  readonly name: string;
  /** Whether a restored reader resumes exactly where a checkpoint left it. */
  readonly replayable: boolean;
  /** Whether the source ends by itself. */
  readonly bounded: boolean;
  /**
   * Whether it can run as several subtasks (`setParallelism` on the source
   * stream): each reader then reads its split, and together they read
   * everything once. Default false.
   */
  readonly splittable?: boolean;
  /** A reader of everything, or of `split` when the source runs as several subtasks. */
  createReader(split?: SourceSplit): SourceReader<T>;
}
