import type { WorkerRunTiming } from './variants/worker-startup-clock.js';
/**
 * The seed job, as defined by the issue tracker, and its exact expected result.
 *
 * Event `i` (0-based) has key `Tuple ${i % 10000}`, value 1 and event time
 * `floor(i / 10)` ms. The job keys by key, sums values in 3 s tumbling
 * event-time windows, keeps results whose key starts with `Tuple 0` and counts
 * them in a sink, also adding up their sums (the checksum).
 *
 * Watermarks follow Flink's `forMonotonousTimestamps`: watermark = max
 * timestamp seen - 1, emitted periodically; a window [start, end) fires when
 * watermark >= end - 1; end of input fires everything.
 *
 * Every module of the benchmark takes the job's constants from here, so a
 * variant cannot silently run a different job.
 */

/** Number of distinct keys: event `i` has key number `i % KEY_COUNT`. */
export const KEY_COUNT = 10_000;
/** Events per millisecond of event time: event `i` has timestamp `floor(i / EVENTS_PER_MS)`. */
export const EVENTS_PER_MS = 10;
/** Tumbling window size in milliseconds of event time. */
export const WINDOW_MS = 3_000;
/** Results whose key starts with this prefix pass the filter. */
const KEY_PREFIX = 'Tuple 0';
/** Every event's value. */
export const SEED_VALUE = 1;

/** One input event of the seed job. */
export interface SeedEvent {
  readonly key: string;
  readonly value: number;
  /** Event time in milliseconds. */
  readonly timestamp: number;
}

/** What a run of the seed job produces: the sink's count and checksum. */
export interface SeedResult {
  /** Number of window results that passed the filter. */
  readonly resultCount: number;
  /** Sum of the `sum` field of every window result that passed the filter. */
  readonly checksum: number;
  /**
   * Totals a variant counted during the run, by name (e.g. exchange batches
   * and bytes per worker); the report shows each also per second of the run.
   */
  readonly counters?: Readonly<Record<string, number>>;
  /**
   * For a run that starts workers: its start-up and job time apart. The
   * report then measures events/s (and counters per second) over
   * `jobSeconds` and shows the whole wall time next to it.
   */
  readonly timing?: WorkerRunTiming;
}

/** Key of event `i`. */
export function seedKey(i: number): string {
  return `Tuple ${i % KEY_COUNT}`;
}

/** Event time (ms) of event `i`. */
export function seedTimestamp(i: number): number {
  return Math.floor(i / EVENTS_PER_MS);
}

/** Event `i` as an object, for variants that consume event objects. */
export function seedEvent(i: number): SeedEvent {
  return { key: seedKey(i), value: SEED_VALUE, timestamp: seedTimestamp(i) };
}

/** The first `n` events, generated lazily (no array is ever built). */
export function* seedEvents(n: number): Generator<SeedEvent, void, undefined> {
  for (let i = 0; i < n; i++) yield seedEvent(i);
}

/** Start of the tumbling window containing `timestamp` (Flink's formula, offset 0). */
export function windowStart(timestamp: number): number {
  return timestamp - ((timestamp + WINDOW_MS) % WINDOW_MS);
}

/** The job's filter: does a result with this key reach the sink? */
export function passesFilter(key: string): boolean {
  return key.startsWith(KEY_PREFIX);
}

/**
 * The exact result of the seed job over `n` events, computed arithmetically
 * (without running the job): for each key that passes the filter and each
 * window, count the events of that key inside the window. A (window, key) pair
 * with at least one event yields one result whose sum is that count.
 *
 * Full windows give a sum of 3 per key (10 events/ms × 3000 ms / 10000 keys);
 * the last window may be partial.
 */
export function expectedSeedResult(n: number): SeedResult {
  if (n <= 0) return { resultCount: 0, checksum: 0 };
  const eventsPerWindow = WINDOW_MS * EVENTS_PER_MS;
  const windows = Math.ceil(n / eventsPerWindow);
  let resultCount = 0;
  let checksum = 0;
  for (let k = 0; k < KEY_COUNT; k++) {
    if (!passesFilter(`Tuple ${k}`)) continue;
    // Events with key k among indices [0, x).
    const upTo = (x: number): number => (x > k ? Math.floor((x - k - 1) / KEY_COUNT) + 1 : 0);
    for (let w = 0; w < windows; w++) {
      const lo = w * eventsPerWindow;
      const hi = Math.min(lo + eventsPerWindow, n);
      const events = upTo(hi) - upTo(lo);
      if (events > 0) {
        resultCount++;
        checksum += events * SEED_VALUE;
      }
    }
  }
  return { resultCount, checksum };
}
