import { StreamEnvironment } from '../../src/api/stream-environment.js';
import type { CheckpointEvent } from '../../src/checkpoint/checkpoint-events.js';
import type { CheckpointStorage } from '../../src/checkpoint/checkpoint-storage.js';
import { InMemoryTransactionalSink } from '../../src/connectors/sinks/in-memory-transactional-sink.js';
import type { JobClient } from '../../src/runtime/job-client.js';
import type { StateBackend } from '../../src/state/state-backend.js';
import { recordStatuses } from './counting-job.js';
import { GatedSource } from './gated-source.js';
import { WatermarkStrategy } from '../../src/time/watermark-strategy.js';
import { TumblingEventTimeWindows } from '../../src/windowing/assigners/tumbling-event-time-windows.js';
import { SlidingEventTimeWindows } from '../../src/windowing/assigners/sliding-event-time-windows.js';

/** One event of the scenario: its index travels along so failures can be injected at exact records. */
export interface ScenarioEvent {
  readonly index: number;
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
}

/** A window result. */
export interface ScenarioSum {
  readonly key: string;
  readonly sum: number;
  readonly windowEnd: number;
}

/** What to run and where to break it. */
export interface ScenarioOptions {
  readonly events: number;
  readonly keys: number;
  readonly parallelism: number;
  /** The map throws the first time it sees each of these record indexes. */
  readonly failAtRecords?: readonly number[];
  /** The job fails while the chunks of its n-th checkpoint (1-based) are being written. */
  readonly failWhilePersistingCheckpoint?: number;
  readonly incremental?: boolean;
  /** `window` (default): 50 ms tumbling aggregate; `process`: the same with a process function; `sliding`: 150 ms windows every 50 ms, aggregate (panes). */
  readonly windowing?: 'window' | 'process' | 'sliding';
}

/** Event `i`: key `k${i % keys}`, value i % 7, event time floor(i / 4) ms. */
export function scenarioEvent(i: number, keys: number): ScenarioEvent {
  return { index: i, key: `k${i % keys}`, value: i % 7, timestamp: Math.floor(i / 4) };
}

/** The results a run without failures must give: per key and 50 ms window, the sum of values. */
export function expectedSums(options: Pick<ScenarioOptions, 'events' | 'keys' | 'windowing'>): ScenarioSum[] {
  const sums = new Map<string, ScenarioSum>();
  const windowsPerEvent = options.windowing === 'sliding' ? SLIDING_SIZE / 50 : 1;
  for (let i = 0; i < options.events; i++) {
    const e = scenarioEvent(i, options.keys);
    const firstEnd = e.timestamp - (e.timestamp % 50) + 50;
    for (let w = 0; w < windowsPerEvent; w++) {
      const windowEnd = firstEnd + 50 * w;
      const id = `${e.key}@${windowEnd}`;
      const previous = sums.get(id);
      sums.set(id, { key: e.key, sum: (previous?.sum ?? 0) + e.value, windowEnd });
    }
  }
  return sortSums([...sums.values()]);
}

/** Size of the sliding windows (they slide by 50 ms). */
const SLIDING_SIZE = 150;

/** Sorted by key, then window: committed order differs between subtasks. */
export function sortSums(sums: readonly ScenarioSum[]): ScenarioSum[] {
  return [...sums].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.windowEnd - b.windowEnd));
}

/**
 * Wraps a backend so the job can be made to fail while a checkpoint's
 * chunks are being written: `onChunkOf` may return a promise that holds the
 * write back (the storage itself stays healthy).
 */
export function faultyPersistBackend(backend: StateBackend, onChunkOf: (location: string) => Promise<void> | undefined): StateBackend {
  return {
    name: backend.name,
    createKeyedStateBackend: (parameters) => backend.createKeyedStateBackend(parameters),
    async createCheckpointStorage(parameters) {
      const storage = await backend.createCheckpointStorage(parameters);
      const wrapped: CheckpointStorage = Object.create(storage) as CheckpointStorage;
      return Object.assign(wrapped, {
        description: storage.description,
        writeChunk: async (location: string, name: string, bytes: Uint8Array) => {
          await onChunkOf(location);
          return storage.writeChunk(location, name, bytes);
        },
      });
    },
  };
}

/** What a scenario run gives. */
export interface ScenarioRun {
  readonly committed: ScenarioSum[];
  readonly events: CheckpointEvent[];
  readonly statuses: string[];
}

/**
 * Runs the keyed window job with periodic checkpoints every millisecond,
 * a fixed-delay restart strategy and an exactly-once sink, injecting the
 * failures asked for; resolves with what the sink committed.
 */
export async function runScenario(backend: StateBackend, options: ScenarioOptions): Promise<ScenarioRun> {
  const failAt = new Set(options.failAtRecords ?? []);
  // The source runs `step` records at a time and waits for a checkpoint (or a failure) to go on,
  // so checkpoints fall between records however fast the machine is.
  const step = Math.max(1, Math.ceil(options.events / 10));
  const source = new GatedSource(options.events, (i) => scenarioEvent(i, options.keys), step);
  let gate = step;
  const advance = () => source.open((gate += step));
  let failNext = false;
  let failed: (() => void) | undefined;
  let persisting = 0;
  const armed = options.failWhilePersistingCheckpoint;
  const seen = new Set<string>();
  const effective =
    armed === undefined
      ? backend
      : faultyPersistBackend(backend, (location) => {
          if (seen.has(location) || !location.startsWith('chk-')) return undefined;
          seen.add(location);
          if (++persisting !== armed) return undefined;
          // Let records flow while this checkpoint is held mid-write, and fail the job on the next one.
          failNext = true;
          const failure = new Promise<void>((resolve) => (failed = resolve));
          advance();
          return failure;
        });
  const env = StreamEnvironment.create({
    parallelism: options.parallelism,
    stateBackend: effective,
    checkpointing: { interval: 1, incremental: options.incremental ?? true, compactEvery: 3, tolerableFailedCheckpoints: 100 },
    restartStrategy: { type: 'fixed-delay', attempts: 20, delay: 0 },
    sourceChunkSize: 37,
    timeSliceMs: 1,
    autoWatermarkInterval: 1,
  });
  const sink = new InMemoryTransactionalSink<ScenarioSum>();
  const keyed = env
    .fromSource(source)
    .uid('events')
    .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<ScenarioEvent>().withTimestampAssigner((e) => e.timestamp))
    .uid('timestamps')
    .map((e) => {
      if (failAt.delete(e.index)) throw new Error(`injected failure at record ${e.index}`);
      if (failNext) {
        failNext = false;
        queueMicrotask(() => failed?.());
        throw new Error('injected failure while a checkpoint is being persisted');
      }
      return e;
    })
    .uid('fail-injector')
    .keyBy((e) => e.key);
  const windowed = keyed.window(
    options.windowing === 'sliding' ? SlidingEventTimeWindows.of(SLIDING_SIZE, 50) : TumblingEventTimeWindows.of(50),
  );
  const sums =
    options.windowing === 'process'
      ? windowed.process<ScenarioSum>({
          process(key, ctx, elements, out) {
            let sum = 0;
            for (const e of elements) sum += e.value;
            out.collect({ key: key as string, sum, windowEnd: ctx.window.end });
          },
        })
      : windowed.aggregate<{ sum: number }, number, ScenarioSum>(
          { createAccumulator: () => ({ sum: 0 }), add: (e, acc) => ((acc.sum += e.value), acc), getResult: (acc) => acc.sum, merge: (a, b) => ({ sum: a.sum + b.sum }) },
          { process: (key, ctx, results, out) => out.collect({ key: key as string, sum: results[0]!, windowEnd: ctx.window.end }) },
        );
  sums.uid('window').sinkTo(sink).uid('sink');
  const job: JobClient = env.execute('exactly-once scenario');
  const events: CheckpointEvent[] = [];
  const statuses = recordStatuses(job);
  job.checkpoints$.subscribe((e) => {
    events.push(e);
    if (e.type === 'completed' || e.type === 'failed') advance();
  });
  await job.result;
  return { committed: sortSums(sink.committed()), events, statuses };
}
