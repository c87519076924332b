import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../../src/errors/checkpoint-error.js';
import { ConfigError } from '../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { StateError } from '../../../src/errors/state-error.js';
import { HeapKeyedStateBackend } from '../../../src/state/heap/heap-keyed-state-backend.js';
import { InvalidKeyError } from '../../../src/state/key-encoding.js';
import { KeyGroupAssigner } from '../../../src/state/key-group.js';
import { KeyGroupRange } from '../../../src/state/key-group-range.js';
import type { KeyedStateSnapshot } from '../../../src/state/keyed-state-snapshot.js';
import { ListStateDescriptor, MapStateDescriptor, ValueStateDescriptor } from '../../../src/state/state-descriptor.js';
import { numberNamespaces } from '../../support/keyed-state-fixtures.js';
import { thrown } from '../../support/thrown.js';

const heap = (range = KeyGroupRange.all(128)) => new HeapKeyedStateBackend({ keyGroupRange: range, maxParallelism: 128 });


describe('HeapKeyedStateBackend', () => {
  it('rejects a key group range outside maxParallelism', () => {
    expect(() => new HeapKeyedStateBackend({ keyGroupRange: new KeyGroupRange(0, 128), maxParallelism: 128 })).toThrow(ConfigError);
    expect(() => new HeapKeyedStateBackend({ keyGroupRange: new KeyGroupRange(5, 4), maxParallelism: 128 })).toThrow(ConfigError);
  });

  it('stores values by reference, as Flink’s heap backend does', () => {
    const backend = heap();
    const profile = backend.getState(new ValueStateDescriptor<{ n: number }>('profile'));
    backend.setCurrentKey('a');
    const stored = { n: 1 };
    profile.update(stored);
    stored.n = 2;
    expect(profile.value()).toEqual({ n: 2 });
  });

  it('switches correctly between repeated, primitive and tuple keys', () => {
    const backend = heap();
    const count = backend.getState(new ValueStateDescriptor<number>({ name: 'count', defaultValue: 0 }));
    for (const key of ['a', 'a', ['a'], 'a', 1, '1', 1n, true, ['a'], 'a']) {
      backend.setCurrentKey(key);
      count.update(count.value()! + 1);
    }
    const totals = new Map<string, number>();
    backend.forEachKey('count', (key) => {
      backend.setCurrentKey(key);
      totals.set(typeof key === 'bigint' ? `${key}n` : JSON.stringify(key), count.value()!);
    });
    expect(Object.fromEntries(totals)).toEqual({ '"a"': 4, '["a"]': 2, '1': 1, '"1"': 1, '1n': 1, true: 1 });
  });

  it('still rejects undefined after a tuple key was current', () => {
    const backend = heap();
    backend.setCurrentKey(['t']);
    expect(thrown(() => backend.setCurrentKey(undefined))).toBeInstanceOf(InvalidKeyError);
  });

  it('keeps the previous current key when setCurrentKey throws', () => {
    const range = KeyGroupRange.forOperator(128, 2, 0);
    const backend = heap(range);
    const assigner = new KeyGroupAssigner(128);
    const inside = [...Array(100).keys()].find((k) => range.contains(assigner.assign(k)))!;
    const outside = [...Array(100).keys()].find((k) => !range.contains(assigner.assign(k)))!;
    backend.setCurrentKey(inside);
    expect(() => backend.setCurrentKey(outside)).toThrow(StateError);
    expect(backend.currentKey).toBe(inside);
    expect(backend.currentKeyGroup).toBe(assigner.assign(inside));
  });

  it('puts keys whose hash is above 2^31 in the key group of the unsigned hash, also through setCurrentKeyAndHash', () => {
    const backend = heap();
    const assigner = new KeyGroupAssigner(128);
    const keys = ['Tuple 1', 'Tuple 2', 'Tuple 3', 'Tuple 4', 7, 8, 9n, ['t', 1], ['t', 2]];
    const high = keys.filter((k) => assigner.hash(k) >= 2 ** 31);
    expect(high.length).toBeGreaterThan(0);
    for (const key of keys) {
      backend.setCurrentKey(key);
      const internal = backend.currentKey!;
      const group = backend.currentKeyGroup;
      const hash = backend.currentKeyHash;
      expect(group).toBe(assigner.assign(key));
      expect(hash >>> 0).toBe(assigner.hash(key));
      backend.setCurrentKey('other');
      backend.setCurrentKeyAndHash(internal, hash);
      expect(backend.currentKeyGroup).toBe(group);
      // The unsigned form of the same hash selects the same group.
      backend.setCurrentKey('other');
      backend.setCurrentKeyAndHash(internal, hash >>> 0);
      expect(backend.currentKeyGroup).toBe(group);
    }
  });

  it('hands out unsigned key hashes when iterating a namespace, whose remainder is the key group', () => {
    const backend = heap();
    const assigner = new KeyGroupAssigner(128);
    const state = backend.getNamespacedState(new ValueStateDescriptor<number>('v'), numberNamespaces);
    const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`);
    expect(keys.some((k) => assigner.hash(k) >= 2 ** 31)).toBe(true);
    for (const key of keys) {
      backend.setCurrentKey(key);
      state.setCurrentNamespace(1);
      state.update(1);
    }
    const seen: string[] = [];
    state.forEachInNamespace(1, (key, hash) => {
      expect(hash).toBe(assigner.hash(key));
      expect(hash % 128).toBe(assigner.assign(key));
      seen.push(key as string);
    });
    expect(seen.sort()).toEqual([...keys].sort());
  });

  it('reports no current key group before the first key', () => {
    expect(heap().currentKeyGroup).toBe(-1);
  });

  it('caches namespaced handles per namespace serializer', () => {
    const backend = heap();
    const d = new ListStateDescriptor<number>('buffer');
    expect(backend.getNamespacedState(d, numberNamespaces)).toBe(backend.getNamespacedState(d, numberNamespaces));
  });

  it('drops dead entries so snapshots and iteration see no empty keys', () => {
    const backend = heap();
    const pages = backend.getNamespacedState(new MapStateDescriptor<string, number>('pages'), numberNamespaces);
    for (let k = 0; k < 100; k++) {
      backend.setCurrentKey(k);
      pages.setCurrentNamespace(k % 3);
      pages.put('p', k);
      pages.remove('p');
    }
    expect(backend.snapshot().keyGroups).toEqual([]);
    backend.forEachKey('pages', () => expect.unreachable('no key should remain'));
  });

  it('fails a snapshot with CHECKPOINT_FAILED when a value cannot be cloned', () => {
    const backend = heap();
    backend.getState(new ValueStateDescriptor<unknown>('callbacks'));
    backend.setCurrentKey('a');
    backend.getState(new ValueStateDescriptor<unknown>('callbacks')).update({ run: () => 1 });
    const error = thrown(() => backend.snapshot());
    expect(error).toBeInstanceOf(CheckpointError);
    expect(error.code).toBe(ErrorCodes.CHECKPOINT_FAILED);
    expect(error.message).toContain("'callbacks'");
    expect(error.message).toContain('structured-cloneable');
  });

  it('refuses to restore a key stored under the wrong key group', () => {
    const group = new KeyGroupAssigner(128).assign('a');
    const snapshot: KeyedStateSnapshot = {
      maxParallelism: 128,
      keyGroupRange: { start: 0, end: 127 },
      states: [{ name: 'count', kind: 'value' }],
      keyGroups: [{ keyGroup: (group + 1) % 128, states: [{ name: 'count', rows: [['a', null, 1]] }], sections: [] }],
    };
    const error = thrown(() => heap().restore([snapshot]));
    expect(error.code).toBe(ErrorCodes.STATE_RESTORE_FAILED);
    expect(error.message).toContain(`key group ${group}`);
  });

  it('refuses to restore rows of a state the snapshot does not declare', () => {
    const snapshot: KeyedStateSnapshot = {
      maxParallelism: 128,
      keyGroupRange: { start: 0, end: 127 },
      states: [],
      keyGroups: [{ keyGroup: 0, states: [{ name: 'ghost', rows: [] }], sections: [] }],
    };
    expect(thrown(() => heap().restore([snapshot])).code).toBe(ErrorCodes.STATE_RESTORE_FAILED);
  });

  it('keeps restored section rows of an unregistered section in later snapshots', () => {
    const source = heap();
    source.registerSection({ name: 'timers', snapshotKeyGroup: (g) => (g === 5 ? [{ at: 1 }] : []), restoreKeyGroup: () => {} });
    const middle = heap();
    middle.restore([source.snapshot()]);
    const snapshot = middle.snapshot();
    expect(snapshot.keyGroups).toEqual([{ keyGroup: 5, states: [], sections: [{ name: 'timers', rows: [{ at: 1 }] }] }]);
  });

  it('rejects a second, different section with the same name', () => {
    const backend = heap();
    const section = { name: 'timers', snapshotKeyGroup: () => [], restoreKeyGroup: () => {} };
    backend.registerSection(section);
    backend.registerSection(section);
    expect(thrown(() => backend.registerSection({ ...section })).code).toBe(ErrorCodes.STATE_CONFLICT);
  });

  it('forgets everything on dispose', () => {
    const backend = heap();
    const count = backend.getState(new ValueStateDescriptor<number>('count'));
    backend.setCurrentKey('a');
    count.update(1);
    backend.dispose();
    expect(backend.currentKey).toBeUndefined();
    expect(thrown(() => count.value()).code).toBe(ErrorCodes.NO_CURRENT_KEY);
    expect(backend.snapshot().keyGroups).toEqual([]);
  });
});
