import { describe, expect, it } from 'vitest';
import type { CheckpointPointer } from '../../../src/checkpoint/checkpoint-storage.js';
import { crc32 } from '../../../src/checkpoint/format/crc32.js';
import { frameBytes } from '../../../src/checkpoint/format/frame-bytes.js';
import { MemoryCheckpointStorage } from '../../../src/checkpoint/memory-checkpoint-storage.js';
import { encodeCheckpointMetadata } from '../../../src/checkpoint/metadata/checkpoint-metadata-codec.js';
import { CHECKPOINT_FORMAT_VERSION, type SubtaskMetadata } from '../../../src/checkpoint/metadata/checkpoint-metadata.js';
import { CHUNK_FORMAT_VERSION, CHUNK_MAGIC } from '../../../src/checkpoint/metadata/chunk-format.js';
import { persistOperatorCheckpoint } from '../../../src/checkpoint/persist-operator-checkpoint.js';
import { loadCheckpoint } from '../../../src/checkpoint/restore/load-checkpoint.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { isEncodedKeyedState } from '../../../src/state/encoded-keyed-state.js';
import { HeapKeyedStateBackend } from '../../../src/state/heap/heap-keyed-state-backend.js';
import { KeyGroupAssigner } from '../../../src/state/key-group.js';
import { KeyGroupRange } from '../../../src/state/key-group-range.js';
import { ValueStateDescriptor } from '../../../src/state/state-descriptor.js';
import { canonical } from '../../support/keyed-views.js';

const UID = 'counts';
const assigner = new KeyGroupAssigner(128);

/** Checkpoint 1 of operator `counts` at parallelism 2 (200 keys), written to `storage`; returns the pointer and the state as rows. */
async function writeCheckpoint(storage: MemoryCheckpointStorage): Promise<{ pointer: CheckpointPointer; expected: string[] }> {
  const subtasks: SubtaskMetadata[] = [];
  const expected: string[] = [];
  for (let s = 0; s < 2; s++) {
    const backend = new HeapKeyedStateBackend({ keyGroupRange: KeyGroupRange.forOperator(128, 2, s), maxParallelism: 128 });
    const count = backend.getState(new ValueStateDescriptor<number>('count'));
    for (let i = 0; i < 200; i++) {
      const key = `user-${i}`;
      if (!backend.keyGroupRange.contains(assigner.assign(key))) continue;
      backend.setCurrentKey(key);
      count.update(i);
    }
    expected.push(...canonical(backend.snapshot()));
    const persisted = await persistOperatorCheckpoint(
      { uid: UID, subtaskIndex: s, keyed: backend.checkpointView(1, { incremental: false, compactEvery: 1 }) },
      { storage, location: 'chk-1', savepoint: false, chunkBytes: 1024, layersAt: () => undefined, pause: () => Promise.resolve() },
    );
    subtasks.push(persisted.metadata);
  }
  const metadata = encodeCheckpointMetadata({
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    checkpointId: 1,
    savepoint: false,
    jobName: 'test',
    triggeredAt: 0,
    maxParallelism: 128,
    operators: [{ uid: UID, name: UID, parallelism: 2, subtasks }],
  });
  return { pointer: await storage.commitCheckpoint('chk-1', 1, metadata), expected: expected.sort() };
}

describe('loadCheckpoint', () => {
  it.each([1, 2, 3])('hands each of %i subtasks the stored chunks of the old subtasks it overlaps, which restore its key groups', async (parallelism) => {
    const storage = new MemoryCheckpointStorage();
    const { pointer, expected } = await writeCheckpoint(storage);
    const loaded = await loadCheckpoint(storage, pointer, { maxParallelism: 128, operators: [{ uid: UID, parallelism }], allowNonRestoredState: false });
    const restored: string[] = [];
    loaded.snapshots.get(UID)!.forEach((snapshot, s) => {
      const range = KeyGroupRange.forOperator(128, parallelism, s);
      const keyed = snapshot.keyed!;
      expect(isEncodedKeyedState(keyed)).toBe(true);
      if (!isEncodedKeyedState(keyed)) return;
      const overlapping = [0, 1].filter((old) => KeyGroupRange.forOperator(128, 2, old).intersection(range).size > 0);
      expect(keyed.chains).toHaveLength(overlapping.length);
      const backend = new HeapKeyedStateBackend({ keyGroupRange: range, maxParallelism: 128 });
      backend.restore([keyed]);
      restored.push(...canonical(backend.snapshot()));
    });
    expect(restored.sort()).toEqual(expected);
  });

  it('rejects a chunk whose checksum matches but whose header is malformed, with CHECKPOINT_CORRUPT naming it', async () => {
    const storage = new MemoryCheckpointStorage();
    const { pointer } = await writeCheckpoint(storage);
    // Rewrite the metadata so its first chunk is a well-framed payload that is no keyed chunk.
    const loaded = await loadCheckpoint(storage, pointer, { maxParallelism: 128, operators: [{ uid: UID, parallelism: 2 }], allowNonRestoredState: false });
    const subtasks = loaded.metadata.operators[0]!.subtasks;
    const framed = frameBytes({ magic: CHUNK_MAGIC, version: CHUNK_FORMAT_VERSION, payload: Uint8Array.of(7, 0, 0, 0, 0, 0) });
    const bad = { firstKeyGroup: 0, lastKeyGroup: 63, entries: 1, bytes: framed.byteLength, crc32: crc32(framed), data: framed };
    const first = subtasks[0]!;
    const damaged = [{ ...first, keyed: { ...first.keyed!, layers: [{ ...first.keyed!.layers[0]!, chunks: [bad] }] } }, subtasks[1]!];
    const metadata = encodeCheckpointMetadata({ ...loaded.metadata, checkpointId: 2, operators: [{ ...loaded.metadata.operators[0]!, subtasks: damaged }] });
    const pointer2 = await storage.commitCheckpoint('chk-2', 2, metadata);
    await expect(
      loadCheckpoint(storage, pointer2, { maxParallelism: 128, operators: [{ uid: UID, parallelism: 2 }], allowNonRestoredState: false }),
    ).rejects.toMatchObject({ code: ErrorCodes.CHECKPOINT_CORRUPT, message: expect.stringContaining('inline chunk of key groups 0-63') });
  });
});
