import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import type { Sink } from '../../../src/connectors/sink.js';
import { CallbackSink } from '../../../src/connectors/sinks/callback-sink.js';
import { InMemoryTransactionalSink } from '../../../src/connectors/sinks/in-memory-transactional-sink.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { FileSystemStateBackend } from '../../../src/state/fs/file-system-state-backend.js';
import { MemoryStateBackend } from '../../../src/state/memory/memory-state-backend.js';
import type { StateBackend } from '../../../src/state/state-backend.js';
import type { RestoreSettings } from '../../../src/checkpoint/restore/restore-settings.js';
import type { CheckpointingOptions } from '../../../src/checkpoint/checkpointing-options.js';
import { WatermarkStrategy } from '../../../src/time/watermark-strategy.js';
import { TumblingEventTimeWindows } from '../../../src/windowing/assigners/tumbling-event-time-windows.js';
import { SlidingEventTimeWindows } from '../../../src/windowing/assigners/sliding-event-time-windows.js';
import { GatedSource } from '../../support/gated-source.js';
import { tempDirectories } from '../../support/temp-directories.js';
import { expectedSums, scenarioEvent, sortSums, type ScenarioEvent, type ScenarioSum } from '../../support/exactly-once-scenario.js';

const directories = tempDirectories('weir-resume-');
afterEach(() => directories.removeAll());

const EVENTS = 12_000;
const KEYS = 17;

/** The scenario job (without failure injection), with a `sumUid` so tests can rename the window operator. */
function job(
  backend: StateBackend,
  sink: Sink<ScenarioSum>,
  options: {
    checkpointing?: CheckpointingOptions;
    restore?: RestoreSettings;
    sumUid?: string;
    sinkUid?: string;
    parallelism?: number;
    source?: GatedSource<ScenarioEvent>;
    /** 150 ms windows every 50 ms with aggregate() (panes) instead of 50 ms tumbling windows with reduce(). */
    sliding?: boolean;
  } = {},
) {
  const env = StreamEnvironment.create({
    parallelism: options.parallelism ?? 2,
    stateBackend: backend,
    sourceChunkSize: 37,
    timeSliceMs: 1,
    autoWatermarkInterval: 1,
    ...(options.checkpointing ? { checkpointing: options.checkpointing } : {}),
    ...(options.restore ? { restore: options.restore } : {}),
  });
  const keyed = env
    .fromSource(options.source ?? gated(EVENTS))
    .uid('events')
    .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<ScenarioEvent>().withTimestampAssigner((e) => e.timestamp))
    .uid('timestamps')
    .keyBy((e) => e.key);
  const sums = options.sliding
    ? keyed.window(SlidingEventTimeWindows.of(150, 50)).aggregate<{ sum: number }, number, ScenarioSum>(
        {
          createAccumulator: () => ({ sum: 0 }),
          add: (e, acc) => ((acc.sum += e.value), acc),
          getResult: (acc) => acc.sum,
          merge: (a, b) => ((a.sum += b.sum), a),
        },
        { process: (key, ctx, results, out) => out.collect({ key: key as string, sum: results[0]!, windowEnd: ctx.window.end }) },
      )
    : keyed.window(TumblingEventTimeWindows.of(50)).reduce<ScenarioSum>((a, b) => ({ ...a, value: a.value + b.value }), {
        process: (key, ctx, results, out) => out.collect({ key: key as string, sum: results[0]!.value, windowEnd: ctx.window.end }),
      });
  sums
    .uid(options.sumUid ?? 'window')
    .sinkTo(sink)
    .uid(options.sinkUid ?? 'sink');
  return env.execute('resume scenario');
}

/** The scenario's events, held at record `gate` until the test opens it. */
function gated(gate: number): GatedSource<ScenarioEvent> {
  return new GatedSource(EVENTS, (i) => scenarioEvent(i, KEYS), gate);
}

/** Runs the job on `backend` up to record 5000, then stops it with a savepoint. */
async function savepointAt5000(backend: StateBackend, sink: Sink<ScenarioSum>, options: Parameters<typeof job>[2] = {}) {
  const source = gated(5000);
  const running = job(backend, sink, { ...options, source });
  await source.whenReached(5000);
  const savepoint = await running.stopWithSavepoint();
  return { running, savepoint };
}

const expected = () => expectedSums({ events: EVENTS, keys: KEYS });

describe('resuming from retained checkpoints and savepoints', () => {
  it('resumes a cancelled job from its externalized checkpoint path: results complete, none duplicated', async () => {
    const directory = await directories.make();
    const sink = new InMemoryTransactionalSink<ScenarioSum>();
    const source = gated(4000);
    const first = job(new FileSystemStateBackend({ directory }), sink, {
      checkpointing: { interval: 3_600_000, retainedCheckpoints: 2, retention: 'retain-on-cancellation' },
      source,
    });
    await source.whenReached(4000);
    await first.triggerCheckpoint();
    source.open(7000);
    await source.whenReached(7000);
    const completed = await first.triggerCheckpoint();
    source.open(9000);
    await source.whenReached(9000);
    await first.cancel();
    expect(first.status).toBe('CANCELED');
    expect(sink.committed().length).toBeLessThan(expected().length);

    const path = join(directory, completed.location);
    const second = job(new FileSystemStateBackend({ directory }), sink, { restore: { from: path } });
    const restored = firstValueFrom(second.checkpoints$.pipe(filter((e) => e.type === 'restored')));
    await second.result;
    expect(await restored).toMatchObject({ type: 'restored', checkpointId: completed.checkpointId });
    expect(sortSums(sink.committed())).toEqual(expected());
  });

  it('deletes its checkpoints on cancellation unless told to retain them', async () => {
    const directory = await directories.make();
    const backend = new FileSystemStateBackend({ directory });
    const sink = new InMemoryTransactionalSink<ScenarioSum>();
    const source = gated(3000);
    const running = job(backend, sink, { checkpointing: { interval: 3_600_000 }, source });
    await source.whenReached(3000);
    await running.triggerCheckpoint();
    await running.cancel();
    const storage = await backend.createCheckpointStorage({ jobId: 'inspect', jobName: 'inspect' });
    try {
      expect(await storage.listCompleted()).toEqual([]);
    } finally {
      await storage.close();
    }
  });

  it('takes a savepoint, stops with it, and restores it from its bytes into another backend', async () => {
    const directory = await directories.make();
    const sink = new InMemoryTransactionalSink<ScenarioSum>();
    const { running, savepoint } = await savepointAt5000(new FileSystemStateBackend({ directory }), sink);
    expect(running.status).toBe('FINISHED');
    expect(savepoint.location).toBe(`savepoint-${savepoint.checkpointId}`);
    // The savepoint file lies in the directory as well, byte for byte what the API returned.
    expect(new Uint8Array(await readFile(join(directory, savepoint.location, '_metadata')))).toEqual(savepoint.bytes);

    await writeFile(join(directory, 'exported.weirsp'), savepoint.bytes);
    const bytes = new Uint8Array(await readFile(join(directory, 'exported.weirsp')));
    const resumed = job(new MemoryStateBackend(), sink, { restore: { from: bytes } });
    await resumed.result;
    expect(sortSums(sink.committed())).toEqual(expected());
  });

  it('restores keyed state at another parallelism, and refuses to re-split a sink’s pending transactions', async () => {
    const backend = new MemoryStateBackend({ maxCheckpointSize: 64 << 20 });
    const sink = new InMemoryTransactionalSink<ScenarioSum>();
    const { savepoint } = await savepointAt5000(backend, sink);
    // The exactly-once sink runs at the job's parallelism: its transactions are per subtask.
    await expect(job(backend, sink, { restore: { from: savepoint.bytes }, parallelism: 3 }).result).rejects.toMatchObject({
      code: ErrorCodes.STATE_RESTORE_FAILED,
      message: expect.stringContaining("'sink'"),
    });
    // Without the sink's state (a new sink uid) the keyed window state re-splits over 3 and 1 subtasks.
    for (const parallelism of [3, 1]) {
      expectEachWindowOnce(sink.committed(), await restoredSums(savepoint.bytes, parallelism, false), expected());
    }
  });

  it('restores sliding windows kept as panes at another parallelism, each window once', async () => {
    const backend = new MemoryStateBackend({ maxCheckpointSize: 64 << 20 });
    const sink = new InMemoryTransactionalSink<ScenarioSum>();
    const { savepoint } = await savepointAt5000(backend, sink, { sliding: true, parallelism: 3 });
    const all = expectedSums({ events: EVENTS, keys: KEYS, windowing: 'sliding' });
    expect(sink.committed().length).toBeGreaterThan(0);
    for (const parallelism of [2, 1, 4]) {
      expectEachWindowOnce(sink.committed(), await restoredSums(savepoint.bytes, parallelism, true), all);
    }
  });

  it('fails the restore naming the uid of state no operator takes, unless non-restored state is allowed', async () => {
    const backend = new MemoryStateBackend({ maxCheckpointSize: 64 << 20 });
    const sink = new InMemoryTransactionalSink<ScenarioSum>();
    const { savepoint } = await savepointAt5000(backend, sink);

    const renamed = job(backend, sink, { restore: { from: savepoint.bytes }, sumUid: 'window-v2' });
    await expect(renamed.result).rejects.toMatchObject({ code: ErrorCodes.NON_RESTORED_STATE, message: expect.stringContaining("'window'") });

    const allowed = job(backend, sink, {
      restore: { from: savepoint.bytes, allowNonRestoredState: true },
      sumUid: 'window-v2',
    });
    await expect(allowed.result).resolves.toMatchObject({ status: 'FINISHED' });
  });

  it('fails with CHECKPOINT_NOT_FOUND for a restore path that does not exist', async () => {
    const directory = await directories.make();
    const running = job(new FileSystemStateBackend({ directory }), new InMemoryTransactionalSink(), {
      restore: { from: join(directory, 'chk-404') },
    });
    await expect(running.result).rejects.toMatchObject({ code: ErrorCodes.CHECKPOINT_NOT_FOUND });
    await expect(
      job(new FileSystemStateBackend({ directory }), new InMemoryTransactionalSink(), { restore: { from: 'chk-404' } }).result,
    ).rejects.toMatchObject({ code: ErrorCodes.CHECKPOINT_NOT_FOUND });
  });

  it('starts fresh from latest when there is no checkpoint yet', async () => {
    const sink = new InMemoryTransactionalSink<ScenarioSum>();
    await job(new MemoryStateBackend(), sink, { restore: { from: 'latest' } }).result;
    expect(sortSums(sink.committed())).toEqual(expected());
  });

  it('reports counts, the latest checkpoint and per-task acknowledgements in its stats', async () => {
    const sink = new InMemoryTransactionalSink<ScenarioSum>();
    const source = gated(5000);
    const running = job(new MemoryStateBackend({ maxCheckpointSize: 64 << 20 }), sink, { checkpointing: { interval: 3_600_000 }, source });
    const acks: unknown[] = [];
    running.checkpoints$.subscribe((e) => e.type === 'acknowledged' && acks.push(e));
    await source.whenReached(5000);
    const completed = await running.triggerCheckpoint();
    source.open();
    const stats = running.checkpointStats();
    expect(stats.counts.completed).toBeGreaterThanOrEqual(1);
    expect(stats.history.find((h) => h.checkpointId === completed.checkpointId)).toMatchObject({ status: 'completed', acknowledged: 1 + 1 + 2 + 2 });
    expect(acks).toContainEqual(
      expect.objectContaining({
        checkpointId: completed.checkpointId,
        uid: 'window',
        syncDurationMs: expect.any(Number),
        asyncDurationMs: expect.any(Number),
        alignmentDurationMs: expect.any(Number),
        stateSize: expect.any(Number),
        incrementalSize: expect.any(Number),
      }),
    );
    await running.result;
  });
});

/** The window sums of a job restored from `savepoint` at `parallelism` with a new sink (the old sink's state left behind). */
async function restoredSums(savepoint: Uint8Array, parallelism: number, sliding: boolean): Promise<ScenarioSum[]> {
  const lines: ScenarioSum[] = [];
  const collecting = new CallbackSink<ScenarioSum>((line) => void lines.push(line));
  await job(new MemoryStateBackend(), collecting, {
    restore: { from: savepoint, allowNonRestoredState: true },
    parallelism,
    sinkUid: 'collect',
    sliding,
  }).result;
  return lines;
}

/** No window of `restored` was committed `before`, and together they are exactly `all`. */
function expectEachWindowOnce(before: readonly ScenarioSum[], restored: readonly ScenarioSum[], all: readonly ScenarioSum[]): void {
  const committed = new Set(before.map((r) => `${r.key}@${r.windowEnd}`));
  expect(restored.every((r) => !committed.has(`${r.key}@${r.windowEnd}`))).toBe(true);
  expect(sortSums([...before, ...restored])).toEqual(all);
}
