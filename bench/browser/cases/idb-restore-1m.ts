import type { Collector } from '../../../src/api/collector.js';
import type { KeyedProcessContext, KeyedProcessFunction } from '../../../src/api/keyed-process-function.js';
import type { RuntimeContext } from '../../../src/api/runtime-context.js';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import { loadCheckpoint } from '../../../src/checkpoint/restore/load-checkpoint.js';
import { HeapKeyedStateBackend } from '../../../src/state/heap/heap-keyed-state-backend.js';
import { IndexedDBStateBackend } from '../../../src/state/indexeddb/indexeddb-state-backend.js';
import { KeyGroupRange } from '../../../src/state/key-group-range.js';
import { DEFAULT_MAX_PARALLELISM } from '../../../src/state/key-group.js';
import type { ValueState } from '../../../src/state/keyed-state.js';
import { ValueStateDescriptor } from '../../../src/state/state-descriptor.js';
import type { BrowserCase, CaseParams, Metrics } from '../browser-case.js';
import { deleteDatabase, uniqueDatabaseName } from './shared/indexeddb-database.js';
import { median } from '../../median.js';

/** uid of the operator whose keyed state is checkpointed and restored. */
const STATE_UID = 'last-value';
/** Name of its value state. */
const STATE_NAME = 'last';

/** Keeps the last value seen per key; calls `onCount` once `target` elements have been processed. */
class LastValuePerKey implements KeyedProcessFunction<string, number, never> {
  private last!: ValueState<number>;
  private seen = 0;

  constructor(
    private readonly target: number,
    private readonly onCount: () => void,
  ) {}

  open(ctx: RuntimeContext): void {
    this.last = ctx.getState(new ValueStateDescriptor<number>(STATE_NAME));
  }

  processElement(value: number, _ctx: KeyedProcessContext<string>, _out: Collector<never>): void {
    this.last.update(value);
    if (++this.seen === this.target) this.onCount();
  }
}

/** What building the checkpoint produced. */
interface BuiltCheckpoint {
  readonly location: string;
  readonly stateBytes: number;
  readonly checkpointMs: number;
}

/**
 * Runs a job over an unbounded generator cycling through `keys` distinct keys
 * until every key has state, takes one full checkpoint into `databaseName`,
 * and cancels the job, retaining the checkpoint.
 */
async function buildCheckpoint(databaseName: string, keys: number): Promise<BuiltCheckpoint> {
  const env = StreamEnvironment.create({
    parallelism: 1,
    stateBackend: new IndexedDBStateBackend({ databaseName }),
    // Only the checkpoint triggered below: the periodic one would come after an hour.
    checkpointing: { interval: 3_600_000, retention: 'retain-on-cancellation', incremental: false },
  });
  let allKeysSeen!: () => void;
  const filled = new Promise<void>((resolve) => (allKeysSeen = resolve));
  env
    .fromGenerator<number>({ count: Infinity, generate: (i) => i })
    .uid('numbers')
    .keyBy((i) => `key-${i % keys}`)
    .process(new LastValuePerKey(keys, () => allKeysSeen()))
    .uid(STATE_UID)
    .forEach(() => {})
    .uid('sink');
  const job = env.execute('build keyed state');
  try {
    await Promise.race([filled, job.result.then(() => Promise.reject(new Error('the state-building job ended before the checkpoint')))]);
    let stateBytes = 0;
    let checkpointMs = 0;
    const subscription = job.checkpoints$.subscribe((event) => {
      if (event.type === 'completed') ({ stateSize: stateBytes, durationMs: checkpointMs } = event);
    });
    const { location } = await job.triggerCheckpoint();
    subscription.unsubscribe();
    return { location, stateBytes, checkpointMs };
  } finally {
    await job.cancel();
  }
}

/** One timed restore of the checkpoint at `location` into a fresh heap backend; checks the key count. */
async function restoreOnce(databaseName: string, location: string, keys: number): Promise<{ loadMs: number; heapMs: number }> {
  const storage = await new IndexedDBStateBackend({ databaseName }).createCheckpointStorage({ jobId: 'restore-bench', jobName: 'restore bench' });
  try {
    const t0 = performance.now();
    const pointer = await storage.resolve(location);
    const loaded = await loadCheckpoint(storage, pointer, {
      maxParallelism: DEFAULT_MAX_PARALLELISM,
      operators: [{ uid: STATE_UID, parallelism: 1 }],
      allowNonRestoredState: true, // the source's position is not restored here
    });
    const t1 = performance.now();
    const keyed = loaded.snapshots.get(STATE_UID)?.[0]?.keyed;
    if (keyed === undefined) throw new Error(`checkpoint ${location} holds no keyed state of '${STATE_UID}'`);
    const backend = new HeapKeyedStateBackend({ keyGroupRange: KeyGroupRange.all(DEFAULT_MAX_PARALLELISM), maxParallelism: DEFAULT_MAX_PARALLELISM });
    backend.restore([keyed]);
    const t2 = performance.now();
    let restored = 0;
    backend.forEachKey(STATE_NAME, () => restored++);
    if (restored !== keys) throw new Error(`restored ${restored} keys, expected ${keys}`);
    backend.dispose();
    return { loadMs: t1 - t0, heapMs: t2 - t1 };
  } finally {
    await storage.close();
  }
}

/**
 * Builds `keys` keys of ValueState<number>, checkpoints them into IndexedDB,
 * then restores that checkpoint `rounds` times (resolve + loadCheckpoint +
 * HeapKeyedStateBackend.restore); medians. Deletes the database afterwards.
 */
async function run({ keys, rounds }: CaseParams): Promise<Metrics> {
  const databaseName = uniqueDatabaseName('restore');
  try {
    const built = await buildCheckpoint(databaseName, keys!);
    const runs: { loadMs: number; heapMs: number }[] = [];
    for (let round = 0; round < rounds!; round++) runs.push(await restoreOnce(databaseName, built.location, keys!));
    return {
      restoreMs: median(runs.map((r) => r.loadMs + r.heapMs)),
      loadMs: median(runs.map((r) => r.loadMs)),
      heapRestoreMs: median(runs.map((r) => r.heapMs)),
      checkpointMB: built.stateBytes / 2 ** 20,
      checkpointMs: built.checkpointMs,
      keys: keys!,
      rounds: runs.length,
    };
  } finally {
    await deleteDatabase(databaseName);
  }
}

const idbRestore1m: BrowserCase = {
  name: 'idb-restore-1m',
  description:
    'keyed ValueState<number> of 1 M keys checkpointed into IndexedDB, then restored: resolve + loadCheckpoint + ' +
    'HeapKeyedStateBackend.restore, median of 3',
  defaultParams: { keys: 1_000_000, rounds: 3 },
  targets: [{ metric: 'restoreMs', atMost: 1000 }],
  timeoutSeconds: 600,
  run,
};

export default idbRestore1m;
