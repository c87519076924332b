import { StreamEnvironment } from '../../src/api/stream-environment.js';
import type { RestoreSettings } from '../../src/checkpoint/restore/restore-settings.js';
import type { CollectedRecord } from '../../src/connectors/sinks/collect-sink.js';
import type { CompletedSavepoint } from '../../src/runtime/job-client.js';
import type { AggregateFunction } from '../../src/state/aggregate-function.js';
import { ValueStateDescriptor } from '../../src/state/state-descriptor.js';
import type { StateBackend } from '../../src/state/state-backend.js';
import type { Millis } from '../../src/time/time-types.js';
import { WatermarkStrategy } from '../../src/time/watermark-strategy.js';
import { EventTimeSessionWindows } from '../../src/windowing/assigners/event-time-session-windows.js';
import { TumblingEventTimeWindows } from '../../src/windowing/assigners/tumbling-event-time-windows.js';
import type { TimeWindow } from '../../src/windowing/windows/time-window.js';
import { BarrierCollectSink } from './barrier-collect-sink.js';
import { canonicalText } from './canonical-text.js';
import { GatedSource } from './gated-source.js';
import { GoldenStateReporter } from './golden-state-reporter.js';

/**
 * The golden job: the fixed pipeline whose savepoints are kept in
 * test/fixtures/savepoints/ and must restore in every later weir. Changing
 * anything here (events, uids, state names, what state holds) changes what
 * those files mean: don't. Write a new job and new fixtures instead.
 */
export const GOLDEN_JOB = {
  name: 'golden-savepoint-job',
  /** Records the source emits. */
  events: 600,
  /** The savepoint is taken with the source held before this record. */
  savepointAt: 370,
  parallelism: 2,
  maxParallelism: 128,
  users: 5,
  tumblingWindowMs: 1000,
  sessionGapMs: 200,
  /** The keyed process function reports its state at the end of every bucket of this many ms. */
  reportBucketMs: 2000,
  /** Every ninth record sets a reminder timer this many ms after it. */
  reminderMs: 333,
} as const;

/** One record of the golden job. */
export interface GoldenEvent {
  readonly seq: number;
  readonly user: string;
  /** Event time, ms: bursts of 60 records 10 ms apart, then a pause of 400 ms. */
  readonly at: number;
  /** A multiple of 1/8 in [-125, 125]: sums stay exact in floating point. */
  readonly amount: number;
  readonly tag: string;
}

const TAGS = ['alpha', 'beta', 'gamma', 'δέλτα 🎯'] as const;

/** A fixed integer hash (no Math.random: the events are the same everywhere, forever). */
function mix(i: number): number {
  let h = Math.imul(i + 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Record `i` of the golden job. */
export function goldenEvent(i: number): GoldenEvent {
  const h = mix(i);
  return {
    seq: i,
    user: `user-${h % GOLDEN_JOB.users}`,
    at: i * 10 + Math.floor(i / 60) * 400,
    amount: ((h >>> 8) % 2001 - 1000) / 8,
    tag: TAGS[(h >>> 4) % TAGS.length]!,
  };
}

/** Accumulator of the tumbling window: an object with a Date, a bigint, a nested record and infinities. */
interface WindowAccumulator {
  count: number;
  sum: number;
  eighths: bigint;
  first: Date | null;
  extremes: [number, number];
  tags: Record<string, number>;
}

const windowAggregate: AggregateFunction<GoldenEvent, WindowAccumulator, WindowAccumulator> = {
  createAccumulator: () => ({ count: 0, sum: 0, eighths: 0n, first: null, extremes: [Infinity, -Infinity], tags: {} }),
  add(e, acc) {
    acc.count++;
    acc.sum += e.amount;
    acc.eighths += BigInt(e.amount * 8);
    acc.first ??= new Date(e.at);
    acc.extremes = [Math.min(acc.extremes[0], e.amount), Math.max(acc.extremes[1], e.amount)];
    acc.tags[e.tag] = (acc.tags[e.tag] ?? 0) + 1;
    return acc;
  },
  getResult: (acc) => acc,
  merge: (a, b) => ({
    count: a.count + b.count,
    sum: a.sum + b.sum,
    eighths: a.eighths + b.eighths,
    first: a.first ?? b.first,
    extremes: [Math.min(a.extremes[0], b.extremes[0]), Math.max(a.extremes[1], b.extremes[1])],
    tags: Object.entries(b.tags).reduce((tags, [tag, n]) => ({ ...tags, [tag]: (tags[tag] ?? 0) + n }), { ...a.tags }),
  }),
};

/** One result of the golden job: its text and its timestamp (the event time of the window or timer that emitted it). */
export interface GoldenResult {
  readonly at: Millis;
  readonly text: string;
}

/** What {@link runGoldenJobToSavepoint} gives. */
export interface GoldenSavepointRun {
  readonly savepoint: CompletedSavepoint;
  /** The results the job emitted before the savepoint's barrier, sorted. */
  readonly emittedBeforeSavepoint: GoldenResult[];
}

/** Options of the golden job's runs. */
export interface GoldenRunOptions {
  /** Subtasks of the keyed operators and the sink. Default {@link GOLDEN_JOB.parallelism}. */
  readonly parallelism?: number;
}

/**
 * The watermark the keyed operators have seen when the savepoint's barrier
 * reaches them: the punctuated watermark of the last record before it (the
 * single timestamps subtask forwards records, watermarks and the barrier in
 * order). Exactly the results stamped at or before it precede the savepoint.
 */
export const WATERMARK_AT_SAVEPOINT: Millis = goldenEvent(GOLDEN_JOB.savepointAt - 1).at - 1;

/**
 * Builds the golden job on `env`: events → timestamps (punctuated
 * watermarks, one subtask) → keyBy user → tumbling-window aggregate, keyed
 * process function and session-window process, all three into one sink.
 */
function buildGoldenJob(env: StreamEnvironment, source: GatedSource<GoldenEvent>, sink: BarrierCollectSink<string>): void {
  const keyed = env
    .fromSource(source)
    .uid('golden-events')
    .assignTimestampsAndWatermarks(
      // Punctuated: the watermark follows the records, never the wall clock.
      WatermarkStrategy.forGenerator<GoldenEvent>(() => ({
        onEvent: (_e, timestamp, output) => output.emitWatermark(timestamp - 1),
        onPeriodicEmit() {},
      })).withTimestampAssigner((e) => e.at),
    )
    .uid('golden-timestamps')
    .setParallelism(1)
    .keyBy((e) => e.user);

  const tumbling = keyed
    .window(TumblingEventTimeWindows.of(GOLDEN_JOB.tumblingWindowMs))
    .aggregate<WindowAccumulator, WindowAccumulator, string>(windowAggregate, {
      process(user, ctx, [acc], out) {
        const fired = ctx.globalState(new ValueStateDescriptor<number>({ name: 'windows-fired', defaultValue: 0 }));
        fired.update(fired.value()! + 1);
        out.collect(`tumbling ${user} [${ctx.window.start},${ctx.window.end}) #${fired.value()} acc=${canonicalText(acc)}`);
      },
    })
    .uid('golden-tumbling-aggregate');

  const reports = keyed.process(new GoldenStateReporter({ bucketMs: GOLDEN_JOB.reportBucketMs, reminderMs: GOLDEN_JOB.reminderMs })).uid('golden-state-reporter');

  const sessions = keyed
    .window(EventTimeSessionWindows.withGap(GOLDEN_JOB.sessionGapMs))
    .process<string>({
      process(user, ctx, events, out) {
        const window = ctx.window as TimeWindow;
        const seqs = events.map((e) => e.seq);
        const sum = events.reduce((s, e) => s + e.amount, 0);
        out.collect(`session ${user} [${window.start},${window.end}) n=${events.length} seqs=${Math.min(...seqs)}..${Math.max(...seqs)} sum=${sum}`);
      },
    })
    .uid('golden-session-process');

  tumbling.union(reports, sessions).sinkTo(sink).uid('golden-results');
}

function environment(backend: StateBackend, options: GoldenRunOptions, restoreFrom?: RestoreSettings['from']): StreamEnvironment {
  return StreamEnvironment.create({
    parallelism: options.parallelism ?? GOLDEN_JOB.parallelism,
    maxParallelism: GOLDEN_JOB.maxParallelism,
    stateBackend: backend,
    autoWatermarkInterval: 0,
    sourceChunkSize: 23,
    timeSliceMs: 1,
    ...(restoreFrom === undefined ? {} : { restore: { from: restoreFrom } }),
  });
}

function results(records: readonly CollectedRecord<string>[]): GoldenResult[] {
  return sortResults(
    records.map((r) => {
      if (r.timestamp === undefined) throw new Error(`The golden job emitted a result without a timestamp: ${r.value}`);
      return { at: r.timestamp, text: r.value };
    }),
  );
}

/**
 * Runs the golden job with `backend` until the source is held before record
 * {@link GOLDEN_JOB.savepointAt}, then stops it with a savepoint.
 */
export async function runGoldenJobToSavepoint(backend: StateBackend, options: GoldenRunOptions = {}): Promise<GoldenSavepointRun> {
  const env = environment(backend, options);
  const source = new GatedSource(GOLDEN_JOB.events, goldenEvent, GOLDEN_JOB.savepointAt);
  const sink = new BarrierCollectSink<string>();
  buildGoldenJob(env, source, sink);
  const job = env.execute(GOLDEN_JOB.name);
  await source.whenReached(GOLDEN_JOB.savepointAt);
  const savepoint = await job.stopWithSavepoint();
  await job.result;
  return { savepoint, emittedBeforeSavepoint: results(sink.before(savepoint.checkpointId)) };
}

/**
 * Restores the golden job with `backend` from a savepoint (its bytes, or a
 * location or path the backend resolves) and runs it to the end: its results, sorted.
 */
export async function runGoldenJobFromSavepoint(backend: StateBackend, from: Uint8Array | string, options: GoldenRunOptions = {}): Promise<GoldenResult[]> {
  const env = environment(backend, options, from);
  const sink = new BarrierCollectSink<string>();
  buildGoldenJob(env, new GatedSource(GOLDEN_JOB.events, goldenEvent), sink);
  await env.execute(GOLDEN_JOB.name).result;
  return results(sink.records);
}

/** The golden job from start to end without a savepoint: the results every restore must add up to, sorted. */
export async function runGoldenJob(backend: StateBackend, options: GoldenRunOptions = {}): Promise<GoldenResult[]> {
  const env = environment(backend, options);
  const sink = new BarrierCollectSink<string>();
  buildGoldenJob(env, new GatedSource(GOLDEN_JOB.events, goldenEvent), sink);
  await env.execute(GOLDEN_JOB.name).result;
  return results(sink.records);
}

/** Results in a canonical order, by timestamp then text (subtasks interleave differently from run to run). */
export function sortResults(results: readonly GoldenResult[]): GoldenResult[] {
  return [...results].sort((a, b) => a.at - b.at || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}
