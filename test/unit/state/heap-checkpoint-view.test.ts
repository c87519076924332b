import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../../src/errors/checkpoint-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { StateError } from '../../../src/errors/state-error.js';
import { HeapKeyedStateBackend } from '../../../src/state/heap/heap-keyed-state-backend.js';
import { KeyGroupRange } from '../../../src/state/key-group-range.js';
import {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../../../src/state/state-descriptor.js';
import { decodeKeyedCheckpoint } from '../../../src/state/snapshot/decode-keyed-checkpoint.js';
import { inPlaceSum, numberNamespaces } from '../../support/keyed-state-fixtures.js';
import { canonical, persistView, restoreViews } from '../../support/keyed-views.js';

const ALL = KeyGroupRange.all(128);

/** A backend with every kind of state, plus window-style namespaced list state. */
function populated(range = ALL) {
  const backend = new HeapKeyedStateBackend({ keyGroupRange: range, maxParallelism: 128 });
  const value = backend.getState(new ValueStateDescriptor<{ clicks: number; tags: string[] }>('profile'));
  const count = backend.getState(new ValueStateDescriptor<number>({ name: 'count', defaultValue: 0 }));
  const list = backend.getState(new ListStateDescriptor<number>('history'));
  const map = backend.getState(new MapStateDescriptor<string, { n: number }>('by-page'));
  const agg = backend.getState(new AggregatingStateDescriptor({ name: 'sum', aggregate: inPlaceSum }));
  const reduce = backend.getState(
    new ReducingStateDescriptor<number[]>({ name: 'maxes', reduce: (a, b) => (a.push(...b), a) }),
  );
  const windows = backend.getNamespacedState(new ListStateDescriptor<string>('window-contents'), numberNamespaces);
  const keys = (n: number) => Array.from({ length: n }, (_, i) => (i % 3 === 0 ? [`t${i}`, i] : i % 3 === 1 ? `user-${i}` : i));
  const touch = (key: unknown, i: number) => {
    backend.setCurrentKey(key);
    const profile = value.value();
    if (profile === undefined) value.update({ clicks: 1, tags: [`t${i}`] });
    else {
      profile.clicks++;
      profile.tags.push(`again${i}`);
    }
    count.update(count.value()! + 1);
    list.add(i);
    const page = map.get(`p${i % 4}`);
    if (page === undefined) map.put(`p${i % 4}`, { n: 1 });
    else page.n++;
    agg.add(i);
    reduce.add([i]);
    windows.setCurrentNamespace(i % 2 === 0 ? 1000 : 2000);
    windows.add(`e${i}`);
  };
  return { backend, value, count, list, map, agg, reduce, windows, keys, touch };
}

describe('HeapKeyedStateBackend checkpoint views', () => {
  it('encode the state as of the view, whatever is mutated afterwards', async () => {
    const s = populated();
    s.keys(200).forEach(s.touch);
    const expected = canonical(s.backend.snapshot());
    const view = s.backend.checkpointView(1, { incremental: false, compactEvery: 1 });
    expect(view.kind).toBe('full');
    // Mutate everything in place and structurally: values, lists, maps, accumulators, reductions, windows.
    s.keys(300).forEach((key, i) => s.touch(key, i + 1000));
    s.backend.setCurrentKey('user-1');
    s.map.remove('p1');
    s.list.update([]);
    s.windows.clearNamespace(1000);
    s.backend.setCurrentKey(5);
    s.value.clear();
    const stored = await persistView(view);
    expect(canonical(decodeKeyedCheckpoint([stored]))).toEqual(expected);
  });

  it('do not copy values the view no longer needs, and leave live state intact', async () => {
    const s = populated();
    s.keys(10).forEach(s.touch);
    const stored = await persistView(s.backend.checkpointView(1, { incremental: false, compactEvery: 1 }));
    s.backend.setCurrentKey('user-1');
    const before = s.value.value();
    expect(s.value.value()).toBe(before);
    s.keys(10).forEach((key, i) => s.touch(key, i));
    expect(canonical(decodeKeyedCheckpoint([stored]))).not.toEqual(canonical(s.backend.snapshot()));
  });

  it('restore into a fresh backend exactly what was snapshotted', async () => {
    const s = populated();
    s.keys(500).forEach(s.touch);
    const expected = canonical(s.backend.snapshot());
    const stored = await persistView(s.backend.checkpointView(7, { incremental: false, compactEvery: 1 }));
    const restored = restoreViews(ALL, [[stored]]);
    expect(canonical(restored.snapshot())).toEqual(expected);
    // And the restored handles work.
    const count = restored.getState(new ValueStateDescriptor<number>({ name: 'count', defaultValue: 0 }));
    restored.setCurrentKey(['t0', 0]);
    expect(count.value()).toBe(1);
  });

  it('restore at another parallelism: one old subtask into three, and three into one', async () => {
    const s = populated();
    s.keys(600).forEach(s.touch);
    const expected = canonical(s.backend.snapshot());
    const stored = await persistView(s.backend.checkpointView(1, { incremental: false, compactEvery: 1 }));
    const split = [0, 1, 2].map((i) => restoreViews(KeyGroupRange.forOperator(128, 3, i), [[stored]]));
    expect(split.flatMap((b) => canonical(b.snapshot())).sort()).toEqual(expected);
    const parts = await Promise.all(split.map((b, i) => persistView(b.checkpointView(2 + i, { incremental: false, compactEvery: 1 }))));
    const merged = restoreViews(ALL, parts.map((part) => [part]));
    expect(canonical(merged.snapshot())).toEqual(expected);
  });

  it('cut chunks at key group boundaries near the target size, skipping empty groups', async () => {
    const s = populated();
    s.keys(400).forEach(s.touch);
    const view = s.backend.checkpointView(1, { incremental: false, compactEvery: 1 });
    let pauses = 0;
    const chunks = await view.encode({ targetChunkBytes: 4096, pause: async () => void pauses++ });
    view.release();
    expect(chunks.length).toBeGreaterThan(3);
    expect(pauses).toBeGreaterThanOrEqual(chunks.length - 1);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.firstKeyGroup).toBeGreaterThan(chunks[i - 1]!.lastKeyGroup);
    expect(chunks.reduce((n, c) => n + c.entries, 0)).toBe(400 * 7);
  });

  it('name the state and key of a value the codec cannot persist', async () => {
    const backend = new HeapKeyedStateBackend({ keyGroupRange: ALL, maxParallelism: 128 });
    const state = backend.getState(new ValueStateDescriptor<unknown>('handlers'));
    backend.setCurrentKey('user-9');
    state.update({ onClick: () => 1 });
    const view = backend.checkpointView(1, { incremental: false, compactEvery: 1 });
    const error = await view.encode({ targetChunkBytes: 1 << 20 }).catch((e: unknown) => e);
    view.release();
    expect(error).toBeInstanceOf(StateError);
    expect((error as StateError).code).toBe(ErrorCodes.UNSUPPORTED_STATE_VALUE);
    expect((error as StateError).message).toContain(`State 'handlers' of key "user-9"`);
    expect((error as StateError).message).toContain('a function (onClick) at .onClick');
  });

  it('refuse to encode twice, or after release', async () => {
    const s = populated();
    s.keys(5).forEach(s.touch);
    const view = s.backend.checkpointView(1, { incremental: false, compactEvery: 1 });
    await view.encode({ targetChunkBytes: 1 << 20 });
    await expect(view.encode({ targetChunkBytes: 1 << 20 })).rejects.toThrow(CheckpointError);
    const released = s.backend.checkpointView(2, { incremental: false, compactEvery: 1 });
    released.release();
    released.release();
    await expect(released.encode({ targetChunkBytes: 1 << 20 })).rejects.toThrow(CheckpointError);
  });

  it('stop encoding with CHECKPOINT_FAILED when the checkpoint is aborted meanwhile', async () => {
    const s = populated();
    s.keys(400).forEach(s.touch);
    const view = s.backend.checkpointView(1, { incremental: false, compactEvery: 1 });
    const error = await view
      .encode({ targetChunkBytes: 1024, pause: async () => s.backend.notifyCheckpointAborted(1) })
      .catch((e: unknown) => e);
    expect((error as CheckpointError).code).toBe(ErrorCodes.CHECKPOINT_FAILED);
  });

  it('reject a corrupt payload with CHECKPOINT_CORRUPT naming the chunk', async () => {
    const s = populated();
    s.keys(50).forEach(s.touch);
    const stored = await persistView(s.backend.checkpointView(1, { incremental: false, compactEvery: 1 }), 1 << 20);
    const bytes = stored.chunks[0]!;
    // Payloads are framed with checksums by the writer; these are damages the decoder itself must notice.
    for (const damaged of [bytes.subarray(0, bytes.length - 3), Uint8Array.of(9, ...bytes.subarray(1)), Uint8Array.of(...bytes, 0)]) {
      let error: unknown;
      try {
        decodeKeyedCheckpoint([{ ...stored, chunks: [damaged] }]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CheckpointError);
      expect((error as CheckpointError).code).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
      expect((error as CheckpointError).message).toContain('chunk 0 of checkpoint 1');
    }
    expect(() => decodeKeyedCheckpoint([])).toThrow(CheckpointError);
  });
});
