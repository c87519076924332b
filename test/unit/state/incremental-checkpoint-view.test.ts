import { describe, expect, it } from 'vitest';
import { HeapKeyedStateBackend } from '../../../src/state/heap/heap-keyed-state-backend.js';
import { KeyGroupRange } from '../../../src/state/key-group-range.js';
import type { KeyedCheckpointView } from '../../../src/state/keyed-checkpoint-view.js';
import { ListStateDescriptor, MapStateDescriptor, ValueStateDescriptor } from '../../../src/state/state-descriptor.js';
import { decodeKeyedCheckpoint } from '../../../src/state/snapshot/decode-keyed-checkpoint.js';
import type { EncodedKeyedView } from '../../../src/state/snapshot/encoded-keyed-view.js';
import { numberNamespaces } from '../../support/keyed-state-fixtures.js';
import { canonical, persistView, restoreViews } from '../../support/keyed-views.js';

const ALL = KeyGroupRange.all(128);
const incremental = { incremental: true, compactEvery: 100 };

function setup() {
  const backend = new HeapKeyedStateBackend({ keyGroupRange: ALL, maxParallelism: 128 });
  const count = backend.getState(new ValueStateDescriptor<number>({ name: 'count', defaultValue: 0 }));
  const seen = backend.getState(new MapStateDescriptor<string, number[]>('seen'));
  const windows = backend.getNamespacedState(new ListStateDescriptor<number>('window-contents'), numberNamespaces);
  const add = (key: unknown, i: number, window = 1000 * (1 + (i % 3))) => {
    backend.setCurrentKey(key);
    count.update(count.value()! + 1);
    const list = seen.get(`k${i % 5}`);
    if (list === undefined) seen.put(`k${i % 5}`, [i]);
    else list.push(i);
    windows.setCurrentNamespace(window);
    windows.add(i);
  };
  return { backend, count, seen, windows, add };
}

async function take(backend: HeapKeyedStateBackend, id: number, options = incremental): Promise<{ view: KeyedCheckpointView; stored: EncodedKeyedView }> {
  const view = backend.checkpointView(id, options);
  return { view, stored: await persistView(view) };
}

const bytesOf = (stored: EncodedKeyedView) => stored.chunks.reduce((n, c) => n + c.length, 0);

describe('incremental checkpoint views', () => {
  it('rebuild the exact state from a full view and its deltas, through puts, removals and dropped windows', async () => {
    const s = setup();
    const keys = Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? `u${i}` : [i, 'tuple']));
    keys.forEach((key, i) => s.add(key, i));
    const chain: EncodedKeyedView[] = [];
    const first = await take(s.backend, 1);
    expect(first.view.kind).toBe('full');
    chain.push(first.stored);

    // Delta 1: updates in place, removals, a re-added key, a window fired (dropped whole), a new window.
    for (let i = 0; i < 30; i++) s.add(keys[i * 7]!, i, 4000);
    s.backend.setCurrentKey('u2');
    s.count.clear();
    s.seen.remove('k2');
    s.backend.setCurrentKey('u4');
    s.count.clear();
    s.count.update(99);
    s.windows.clearNamespace(1000);
    const second = await take(s.backend, 2);
    expect(second.view.kind).toBe('delta');
    expect(second.view.previousCheckpointId).toBe(1);
    chain.push(second.stored);

    // Delta 2: a removed key comes back, a whole key disappears, a state registered only now.
    s.backend.setCurrentKey('u2');
    s.count.update(7);
    s.backend.setCurrentKey([1, 'tuple']);
    s.count.clear();
    s.seen.clear();
    for (const ns of [2000, 3000, 4000]) {
      s.windows.setCurrentNamespace(ns);
      s.windows.clear();
    }
    const late = s.backend.getState(new ValueStateDescriptor<string>('late'));
    s.backend.setCurrentKey('u10');
    late.update('registered after the full view');
    const expected = canonical(s.backend.snapshot());
    const third = await take(s.backend, 3);
    expect(third.view.kind).toBe('delta');
    chain.push(third.stored);
    // Later writes change nothing already taken.
    keys.forEach((key, i) => s.add(key, i + 5000));

    expect(canonical(decodeKeyedCheckpoint(chain))).toEqual(expected);
    expect(canonical(restoreViews(ALL, [chain]).snapshot())).toEqual(expected);
    const halves = [0, 1].map((i) => restoreViews(KeyGroupRange.forOperator(128, 2, i), [chain]));
    expect(halves.flatMap((b) => canonical(b.snapshot())).sort()).toEqual(expected);
    expect(bytesOf(second.stored)).toBeLessThan(bytesOf(first.stored) / 2);
  });

  it('write nothing for a backend nothing changed in', async () => {
    const s = setup();
    [1, 2, 3].forEach((key, i) => s.add(key, i));
    await take(s.backend, 1);
    const { view, stored } = await take(s.backend, 2);
    expect(view.kind).toBe('delta');
    expect(stored.chunks).toEqual([]);
  });

  it('count reads of unchanged primitive values as no change, but any handed-out object as changed', async () => {
    const s = setup();
    [1, 2, 3].forEach((key, i) => s.add(key, i));
    await take(s.backend, 1);
    s.backend.setCurrentKey(1);
    s.count.value();
    s.seen.get('k0');
    const view = s.backend.checkpointView(2, incremental);
    const chunks = await view.encode({ targetChunkBytes: 1 << 20 });
    view.release();
    // Only key 1's map of 'seen': its count was only read, its windows untouched.
    expect(chunks.reduce((n, c) => n + c.entries, 0)).toBe(1);
  });

  it('are full first, after a full-only view, after an aborted checkpoint of the chain, and every compactEvery-th time', async () => {
    const s = setup();
    s.add('a', 1);
    const kinds: string[] = [];
    const next = async (id: number, options = { incremental: true, compactEvery: 3 }) => {
      s.add('a', id);
      const view = s.backend.checkpointView(id, options);
      kinds.push(view.kind);
      return view;
    };
    for (let id = 1; id <= 4; id++) (await next(id)).release();
    (await next(5, { incremental: false, compactEvery: 3 })).release();
    (await next(6)).release();
    (await next(7)).release();
    s.backend.notifyCheckpointAborted(7);
    (await next(8)).release();
    (await next(9)).release();
    s.backend.notifyCheckpointAborted(3);
    (await next(10)).release();
    expect(kinds).toEqual(['full', 'delta', 'delta', 'full', 'full', 'full', 'delta', 'full', 'delta', 'delta']);
  });

  it('stay consistent while two views are open at once', async () => {
    const s = setup();
    Array.from({ length: 100 }, (_, i) => `k${i}`).forEach((key, i) => s.add(key, i));
    const expectedFirst = canonical(s.backend.snapshot());
    const first = s.backend.checkpointView(1, incremental);
    for (let i = 0; i < 100; i += 3) s.add(`k${i}`, i + 100);
    const expectedSecond = canonical(s.backend.snapshot());
    const second = s.backend.checkpointView(2, incremental);
    for (let i = 0; i < 100; i += 2) s.add(`k${i}`, i + 200);
    const storedSecond = await persistView(second);
    for (let i = 0; i < 100; i += 5) s.add(`k${i}`, i + 300);
    const storedFirst = await persistView(first);
    expect(canonical(decodeKeyedCheckpoint([storedFirst]))).toEqual(expectedFirst);
    expect(canonical(decodeKeyedCheckpoint([storedFirst, storedSecond]))).toEqual(expectedSecond);
  });
});
