import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../../src/errors/checkpoint-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { StateError } from '../../../src/errors/state-error.js';
import { ValueReader } from '../../../src/state/codec/value-reader.js';
import { HeapKeyedStateBackend } from '../../../src/state/heap/heap-keyed-state-backend.js';
import type { KeyGroup } from '../../../src/state/key-group.js';
import { KeyGroupRange } from '../../../src/state/key-group-range.js';
import type { KeyGroupedSection } from '../../../src/state/keyed-state-snapshot.js';
import {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../../../src/state/state-descriptor.js';
import type { EncodedKeyedView } from '../../../src/state/snapshot/encoded-keyed-view.js';
import { inPlaceSum, numberNamespaces } from '../../support/keyed-state-fixtures.js';
import { canonical, persistView, restoreViews } from '../../support/keyed-views.js';
import { thrown } from '../../support/thrown.js';

const ALL = KeyGroupRange.all(128);
const incremental = { incremental: true, compactEvery: 100 };

/** Timer-like section rows per key group, changed by the test. */
class TestSection implements KeyGroupedSection {
  readonly name = 'timers';
  readonly rows = new Map<KeyGroup, unknown[]>();
  snapshotKeyGroup(keyGroup: KeyGroup): readonly unknown[] {
    return [...(this.rows.get(keyGroup) ?? [])];
  }
  restoreKeyGroup(keyGroup: KeyGroup, rows: readonly unknown[]): void {
    this.rows.set(keyGroup, [...(this.rows.get(keyGroup) ?? []), ...rows]);
  }
}

/** A backend with every kind of state (plain and windowed) and a timer section, and a way to change it. */
function populated(range = ALL) {
  const backend = new HeapKeyedStateBackend({ keyGroupRange: range, maxParallelism: 128 });
  const count = backend.getState(new ValueStateDescriptor<number>({ name: 'count', defaultValue: 0 }));
  const profile = backend.getState(new ValueStateDescriptor<{ tags: string[]; at: Date }>('profile'));
  const history = backend.getState(new ListStateDescriptor<number>('history'));
  const pages = backend.getState(new MapStateDescriptor<string, { n: number }>('pages'));
  const total = backend.getState(new AggregatingStateDescriptor({ name: 'total', aggregate: inPlaceSum }));
  const maxes = backend.getState(new ReducingStateDescriptor<number>({ name: 'max', reduce: (a, b) => Math.max(a, b) }));
  const contents = backend.getNamespacedState(new ListStateDescriptor<string>('window-contents'), numberNamespaces);
  const section = new TestSection();
  backend.registerSection(section);
  const keyOf = (i: number): unknown => (i % 4 === 0 ? [`t${i}`, i] : i % 4 === 1 ? `user-${i}` : i % 4 === 2 ? i * 1.5 : `ключ-${i}`);
  const touch = (i: number, window = 1000 * (1 + (i % 3))) => {
    const key = keyOf(i);
    backend.setCurrentKey(key);
    count.update(count.value()! + 1);
    profile.update({ tags: [`t${i}`], at: new Date(i) });
    history.add(i);
    pages.put(`p${i % 5}`, { n: i });
    total.add(i);
    maxes.add(i);
    contents.setCurrentNamespace(window);
    contents.add(`e${i}`);
    const group = backend.currentKeyGroup;
    section.rows.set(group, [...(section.rows.get(group) ?? []), [0, key, window, window + 999]]);
  };
  return { backend, count, history, pages, contents, section, keyOf, touch };
}

/** A full view, then two deltas with updates, removals, dropped windows, cleared sections and a late state. */
async function chainWithDeltas() {
  const s = populated();
  for (let i = 0; i < 400; i++) s.touch(i);
  const chain: EncodedKeyedView[] = [await persistView(s.backend.checkpointView(1, incremental))];

  for (let i = 0; i < 40; i++) s.touch(i * 9, 4000);
  for (const i of [1, 5, 9]) {
    s.backend.setCurrentKey(s.keyOf(i));
    s.count.clear();
    s.pages.remove(`p${i % 5}`);
  }
  s.contents.clearNamespace(1000);
  s.section.rows.delete(s.backend.currentKeyGroup);
  chain.push(await persistView(s.backend.checkpointView(2, incremental)));

  s.backend.setCurrentKey(s.keyOf(5));
  s.count.update(77);
  s.backend.setCurrentKey(s.keyOf(8));
  s.history.clear();
  s.contents.clearNamespace(4000);
  const late = s.backend.getState(new ValueStateDescriptor<string>('late'));
  s.backend.setCurrentKey('newcomer');
  late.update('registered after the full view');
  s.section.rows.clear();
  for (let g = 0; g < 128; g += 7) s.section.rows.set(g, [[1, 'x', null, g]]);
  chain.push(await persistView(s.backend.checkpointView(3, incremental)));
  expect(chain.map((view) => view.kind)).toEqual(['full', 'delta', 'delta']);
  return { s, chain, expected: canonical(s.backend.snapshot()) };
}


/** Offset of the first key group number in a chunk payload (after kind, state names and the group count). */
function firstGroupOffset(bytes: Uint8Array): number {
  const reader = new ValueReader(bytes);
  reader.readVarint();
  for (let n = reader.readVarint(), i = 0; i < n; i++) {
    reader.read();
    reader.read();
  }
  reader.readUint32();
  return reader.offset;
}

/** A copy of a chunk payload with the body of its first key group overwritten (its length left intact, so it can be skipped). */
function damageFirstBody(bytes: Uint8Array, fill: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const offset = firstGroupOffset(copy);
  const length = new DataView(copy.buffer).getUint32(offset + 1, true);
  return copy.fill(fill, offset + 5, offset + 5 + Math.min(length, 40));
}

describe('restoring keyed state straight from stored chunks', () => {
  it('restores every state kind and the sections exactly, through a full view and deltas with removals and dropped windows', async () => {
    const { chain, expected } = await chainWithDeltas();
    const restored = restoreViews(ALL, [chain]);
    expect(canonical(restored.snapshot())).toEqual(expected);
    expect(canonical(restoreViews(ALL, [chain], 128, 'rows').snapshot())).toEqual(expected);
  });

  it('gives the same state as restoring the decoded rows, at every point of the chain', async () => {
    const { chain } = await chainWithDeltas();
    for (let upTo = 1; upTo <= chain.length; upTo++) {
      const views = chain.slice(0, upTo);
      expect(canonical(restoreViews(ALL, [views]).snapshot())).toEqual(canonical(restoreViews(ALL, [views], 128, 'rows').snapshot()));
    }
  });

  it('hands sections to a section registered after the restore, and keeps restored state usable', async () => {
    const { s, chain } = await chainWithDeltas();
    const restored = restoreViews(ALL, [chain]);
    const section = new TestSection();
    restored.registerSection(section);
    expect([...section.rows].sort(([a], [b]) => a - b)).toEqual([...s.section.rows].sort(([a], [b]) => a - b));
    const count = restored.getState(new ValueStateDescriptor<number>({ name: 'count', defaultValue: 0 }));
    restored.setCurrentKey(s.keyOf(5));
    expect(count.value()).toBe(77);
    restored.setCurrentKey(['t0', 0]);
    count.update(count.value()! + 1);
    expect(count.value()).toBe(3);
    const contents = restored.getNamespacedState(new ListStateDescriptor<string>('window-contents'), numberNamespaces);
    const namespaces: unknown[] = [];
    restored.forEachNamespace('window-contents', (ns) => namespaces.push(ns));
    expect(namespaces.sort()).toEqual([2000, 3000]);
    contents.setCurrentNamespace(2000);
    restored.setCurrentKey(s.keyOf(1));
    expect(contents.get()).toEqual(['e1']);
  });

  it('rescales: one old subtask into three new ones, and three old ones into one', async () => {
    const { chain, expected } = await chainWithDeltas();
    const split = [0, 1, 2].map((i) => restoreViews(KeyGroupRange.forOperator(128, 3, i), [chain]));
    split.forEach((backend, i) => {
      const range = KeyGroupRange.forOperator(128, 3, i);
      expect(backend.snapshot().keyGroups.every((group) => range.contains(group.keyGroup))).toBe(true);
    });
    expect(split.flatMap((backend) => canonical(backend.snapshot())).sort()).toEqual(expected);
    const parts = await Promise.all(split.map((backend, i) => persistView(backend.checkpointView(10 + i, incremental), 1024)));
    expect(canonical(restoreViews(ALL, parts.map((part) => [part])).snapshot())).toEqual(expected);
    // Two old subtasks into a range that straddles both.
    const straddling = new KeyGroupRange(30, 60);
    const fromParts = restoreViews(straddling, parts.map((part) => [part]));
    expect(canonical(fromParts.snapshot())).toEqual(canonical(restoreViews(straddling, [chain]).snapshot()));
  });

  it('does not read key groups outside the restoring range', async () => {
    const s = populated();
    for (let i = 0; i < 300; i++) s.touch(i);
    const stored = await persistView(s.backend.checkpointView(1, incremental), 1 << 20);
    const firstGroup = stored.chunks[0]![firstGroupOffset(stored.chunks[0]!)]!;
    // Damage the first group's body: only a backend that owns that group notices.
    const bytes = damageFirstBody(stored.chunks[0]!, 0xff);
    const damaged = { ...stored, chunks: [bytes] };
    const others = new KeyGroupRange(firstGroup + 1, 127);
    expect(canonical(restoreViews(others, [[damaged]]).snapshot())).toEqual(canonical(restoreViews(others, [[stored]]).snapshot()));
    const error = thrown(() => restoreViews(ALL, [[damaged]]));
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).code).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
    expect(error.message).toContain(`key group ${firstGroup} in chunk 0 of checkpoint 1`);
  });

  it('rejects damaged payloads with CHECKPOINT_CORRUPT naming the chunk', async () => {
    const s = populated();
    for (let i = 0; i < 50; i++) s.touch(i);
    const stored = await persistView(s.backend.checkpointView(1, incremental), 1 << 20);
    const bytes = stored.chunks[0]!;
    for (const damaged of [
      bytes.subarray(0, bytes.length - 3),
      Uint8Array.of(9, ...bytes.subarray(1)),
      Uint8Array.of(...bytes, 0),
      damageFirstBody(bytes, 0xee),
    ]) {
      const error = thrown(() => restoreViews(ALL, [[{ ...stored, chunks: [damaged] }]]));
      expect(error).toBeInstanceOf(CheckpointError);
      expect((error as CheckpointError).code).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
      expect(error.message).toContain('chunk 0 of checkpoint 1');
    }
    const noChain = thrown(() => restoreViews(ALL, [[]]));
    expect((noChain as CheckpointError).code).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
    const deltaFirst = thrown(() => restoreViews(ALL, [[{ ...stored, kind: 'delta' }]]));
    expect((deltaFirst as CheckpointError).code).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
  });

  it('fails with STATE_RESTORE_FAILED for keys stored under the wrong key group', async () => {
    const backend = new HeapKeyedStateBackend({ keyGroupRange: ALL, maxParallelism: 128 });
    const count = backend.getState(new ValueStateDescriptor<number>('count'));
    backend.setCurrentKey('user-1');
    count.update(1);
    const group = backend.currentKeyGroup;
    const stored = await persistView(backend.checkpointView(1, incremental));
    const bytes = Uint8Array.from(stored.chunks[0]!);
    const offset = firstGroupOffset(bytes);
    expect(bytes[offset]).toBe(group);
    bytes[offset] = (group + 1) % 128;
    const error = thrown(() => restoreViews(ALL, [[{ ...stored, chunks: [bytes] }]]));
    expect(error).toBeInstanceOf(StateError);
    expect((error as StateError).code).toBe(ErrorCodes.STATE_RESTORE_FAILED);
    expect(error.message).toContain(`belongs to key group ${group}`);
  });

  it('fails with STATE_RESTORE_FAILED on a maxParallelism mismatch or a state kind conflict, before loading anything', async () => {
    const s = populated();
    for (let i = 0; i < 20; i++) s.touch(i);
    const stored = await persistView(s.backend.checkpointView(1, incremental));
    const wider = new HeapKeyedStateBackend({ keyGroupRange: KeyGroupRange.all(256), maxParallelism: 256 });
    const mismatch = thrown(() => wider.restore([{ kind: 'encoded', chains: [[stored]] }]));
    expect((mismatch as StateError).code).toBe(ErrorCodes.STATE_RESTORE_FAILED);
    expect(mismatch.message).toContain('maxParallelism 128');

    const conflicting = new HeapKeyedStateBackend({ keyGroupRange: ALL, maxParallelism: 128 });
    conflicting.getState(new ListStateDescriptor<number>('count'));
    const conflict = thrown(() => conflicting.restore([{ kind: 'encoded', chains: [[stored]] }]));
    expect((conflict as StateError).code).toBe(ErrorCodes.STATE_RESTORE_FAILED);
    expect(conflict.message).toContain("State 'count' is list state here");
    expect(conflicting.snapshot().keyGroups).toEqual([]);
  });

  it('sizes each map once from the stored row counts (no clustering from growing while loading)', async () => {
    const source = new HeapKeyedStateBackend({ keyGroupRange: ALL, maxParallelism: 128 });
    const count = source.getState(new ValueStateDescriptor<number>('count'));
    for (let i = 0; i < 20_000; i++) {
      source.setCurrentKey(`user-${i}`);
      count.update(i);
    }
    const stored = await persistView(source.checkpointView(1, incremental), 1 << 20);
    const restored = restoreViews(ALL, [[stored]]);
    const state = restored.getState(new ValueStateDescriptor<number>('count'));
    for (let i = 0; i < 20_000; i += 997) {
      restored.setCurrentKey(`user-${i}`);
      expect(state.value()).toBe(i);
    }
    let keys = 0;
    restored.forEachKey('count', () => keys++);
    expect(keys).toBe(20_000);
  });
});
