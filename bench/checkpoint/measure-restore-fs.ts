import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeCheckpointMetadata } from '../../src/checkpoint/metadata/checkpoint-metadata-codec.js';
import { CHECKPOINT_FORMAT_VERSION } from '../../src/checkpoint/metadata/checkpoint-metadata.js';
import { persistOperatorCheckpoint } from '../../src/checkpoint/persist-operator-checkpoint.js';
import { loadCheckpoint } from '../../src/checkpoint/restore/load-checkpoint.js';
import { FileSystemStateBackend } from '../../src/state/fs/file-system-state-backend.js';
import { KeyGroupRange } from '../../src/state/key-group-range.js';
import { SystemClock } from '../../src/time/system-clock.js';
import { collectGc, stats, valueStateBackend } from './keyed-state-fixtures.js';

const KEYS = 1_000_000;
const ROUNDS = 5;
const UID = 'counts';
const JOB = { jobId: 'restore-bench', jobName: 'restore-bench' };

/**
 * (d) Restore of 1 M keys from the filesystem, end to end: a checkpoint of
 * one subtask (string keys, double values, the default 1 MiB chunks) is
 * written through `FileSystemStateBackend` storage; then each round, after a
 * GC, times `loadCheckpoint` (metadata, chunk reads, length + CRC-32 checks,
 * chunk headers) plus `restore` into a fresh backend from that state
 * backend, as a restarting job does. The chunks are in the OS page cache
 * (written just before), as after a quick restart. Target: at most 0.5 s.
 */
export async function measureRestoreFs(): Promise<string[]> {
  const directory = await mkdtemp(join(tmpdir(), 'weir-restore-bench-'));
  try {
    const stateBackend = new FileSystemStateBackend({ directory });
    const bytes = await writeCheckpoint(stateBackend);
    const gc = collectGc();
    const load: number[] = [];
    const restore: number[] = [];
    const gcMs: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const storage = await stateBackend.createCheckpointStorage(JOB);
      const [pointer] = await storage.listCompleted();
      await gc.settle();
      const since = gc.total();
      const started = performance.now();
      const loaded = await loadCheckpoint(storage, pointer!, { maxParallelism: 128, operators: [{ uid: UID, parallelism: 1 }], allowNonRestoredState: false });
      const read = performance.now();
      const backend = stateBackend.createKeyedStateBackend({
        jobId: JOB.jobId,
        operatorUid: UID,
        keyGroupRange: KeyGroupRange.all(128),
        maxParallelism: 128,
        clock: new SystemClock(),
      });
      backend.restore([loaded.snapshots.get(UID)![0]!.keyed!]);
      restore.push(performance.now() - read);
      load.push(read - started);
      await gc.flush();
      gcMs.push(gc.total() - since);
      backend.dispose();
      await storage.close();
    }
    const total = stats(load.map((ms, i) => ms + restore[i]!));
    return [
      `(d) ${KEYS.toLocaleString('en-US')} keys from the filesystem (${(bytes / 1e6).toFixed(1)} MB), ${ROUNDS} rounds: ` +
        `loadCheckpoint median ${stats(load).median.toFixed(0)} ms + restore median ${stats(restore).median.toFixed(0)} ms, ` +
        `total median ${total.median.toFixed(0)} ms, max ${total.max.toFixed(0)} ms (of which GC median ${stats(gcMs).median.toFixed(0)} ms) (target <= 500 ms)`,
    ];
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** Writes checkpoint 1 of operator `UID` (one subtask, all key groups) and commits it; returns its chunk bytes. */
async function writeCheckpoint(stateBackend: FileSystemStateBackend): Promise<number> {
  const source = valueStateBackend(KEYS).backend;
  const storage = await stateBackend.createCheckpointStorage(JOB);
  try {
    const persisted = await persistOperatorCheckpoint(
      { uid: UID, subtaskIndex: 0, keyed: source.checkpointView(1, { incremental: false, compactEvery: 1 }) },
      { storage, location: 'chk-1', savepoint: false, chunkBytes: 1 << 20, layersAt: () => undefined, pause: () => Promise.resolve() },
    );
    const metadata = encodeCheckpointMetadata({
      formatVersion: CHECKPOINT_FORMAT_VERSION,
      checkpointId: 1,
      savepoint: false,
      jobName: JOB.jobName,
      triggeredAt: Date.now(),
      maxParallelism: 128,
      operators: [{ uid: UID, name: UID, parallelism: 1, subtasks: [persisted.metadata] }],
    });
    await storage.commitCheckpoint('chk-1', 1, metadata);
    return persisted.stateSize;
  } finally {
    source.dispose();
    await storage.close();
  }
}
