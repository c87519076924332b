import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { StateError } from '../../../src/errors/state-error.js';
import { KeyGroupRange } from '../../../src/state/key-group-range.js';
import type { KeyedStateSnapshot } from '../../../src/state/keyed-state-snapshot.js';
import { ListStateDescriptor, MapStateDescriptor, ValueStateDescriptor } from '../../../src/state/state-descriptor.js';
import { persistView } from '../keyed-views.js';
import {
  type ContractTarget,
  descriptors,
  expectFilled,
  fill,
  keysIn,
  thrown,
} from './fixtures.js';

/** Contract cases: snapshots and restores, including rescaling and sections. */
export function describeSnapshotCases({ keyed }: ContractTarget): void {
  describe('snapshots', () => {
    it('lists every registered state and only the key groups that hold something', async () => {
      const backend = await keyed();
      backend.getState(new ValueStateDescriptor<number>('never-written'));
      backend.getState(descriptors().count);
      backend.setCurrentKey('a');
      backend.getState(descriptors().count).update(1);
      const snapshot = backend.snapshot();
      expect(snapshot.maxParallelism).toBe(128);
      expect(snapshot.keyGroupRange).toEqual({ start: 0, end: 127 });
      expect(snapshot.states).toEqual(
        expect.arrayContaining([
          { name: 'never-written', kind: 'value' },
          { name: 'count', kind: 'value' },
        ]),
      );
      expect(snapshot.keyGroups).toEqual([
        { keyGroup: backend.currentKeyGroup, states: [{ name: 'count', rows: [['a', null, 1]] }], sections: [] },
      ]);
    });

    it('is not changed by later writes, including mutation of stored objects', async () => {
      const backend = await keyed();
      fill(backend);
      const snapshot = backend.snapshot();
      const before = structuredClone(snapshot);
      const d = descriptors();
      backend.setCurrentKey('a');
      backend.getState(d.profile).value()!.visits = 1000;
      backend.getState(d.events).add('late');
      backend.getState(d.pages).put('/late', 1);
      backend.getState(d.count).clear();
      expect(snapshot).toEqual(before);
    });

    it('restores exactly what it snapshotted into a fresh backend', async () => {
      const source = await keyed();
      fill(source);
      const target = await keyed();
      target.restore([structuredClone(source.snapshot())]);
      expectFilled(target);
      expect(target.snapshot()).toEqual(source.snapshot());
    });

    it('can restore one snapshot twice, and restored state does not share objects with it', async () => {
      const source = await keyed();
      fill(source);
      const snapshot = source.snapshot();
      const first = await keyed();
      first.restore([snapshot]);
      first.setCurrentKey('a');
      first.getState(descriptors().profile).value()!.visits = -1;
      first.getState(descriptors().events).add('more');
      const second = await keyed();
      second.restore([snapshot]);
      expectFilled(second);
    });

    it('restores exactly what its checkpoint view stored, straight from the chunks, as often as asked', async () => {
      const source = await keyed();
      fill(source);
      const stored = await persistView(source.checkpointView(1, { incremental: false, compactEvery: 1 }));
      const first = await keyed();
      first.restore([{ kind: 'encoded', chains: [[stored]] }]);
      expect(first.snapshot()).toEqual(source.snapshot());
      first.setCurrentKey('a');
      first.getState(descriptors().profile).value()!.visits = -1;
      first.getState(descriptors().events).add('more');
      const second = await keyed();
      second.restore([{ kind: 'encoded', chains: [[stored]] }]);
      expectFilled(second);
    });

    it('keeps restored state of a name not registered yet, in later snapshots and for later registration', async () => {
      const source = await keyed();
      fill(source);
      const target = await keyed();
      target.restore([source.snapshot()]);
      const again = await keyed();
      again.restore([target.snapshot()]);
      expectFilled(again);
      const error = thrown(() => again.getState(new MapStateDescriptor<string, number>('count')));
      expect(error.code).toBe(ErrorCodes.STATE_CONFLICT);
    });

    it('rejects a snapshot whose state kind differs from a registered descriptor', async () => {
      const source = await keyed();
      fill(source);
      const target = await keyed();
      target.getState(new ListStateDescriptor<number>('count'));
      const error = thrown(() => target.restore([source.snapshot()]));
      expect(error).toBeInstanceOf(StateError);
      expect(error.code).toBe(ErrorCodes.STATE_RESTORE_FAILED);
      expect(error.message).toContain("'count'");
    });

    it('rejects a snapshot taken with another maxParallelism', async () => {
      const source = await keyed(KeyGroupRange.all(64), 64);
      fill(source);
      const target = await keyed();
      const error = thrown(() => target.restore([source.snapshot()]));
      expect(error).toBeInstanceOf(StateError);
      expect(error.code).toBe(ErrorCodes.STATE_RESTORE_FAILED);
      expect(error.message).toMatch(/64/);
      expect(error.message).toMatch(/key groups/i);
    });

    it('rescales: two backends with split ranges each restore exactly their keys', async () => {
      const source = await keyed();
      const count = source.getState(descriptors().count);
      const keys = [...Array(200).keys()].map((k) => `key-${k}`);
      for (const key of keys) {
        source.setCurrentKey(key);
        count.update(key.length);
      }
      const snapshot = source.snapshot();
      const owned: string[][] = [];
      for (const index of [0, 1]) {
        const range = KeyGroupRange.forOperator(128, 2, index);
        const part = await keyed(range);
        part.restore([snapshot]);
        const seen: string[] = [];
        part.forEachKey('count', (key) => seen.push(key as string));
        for (const key of seen) {
          part.setCurrentKey(key);
          expect(part.getState(descriptors().count).value()).toBe(key.length);
        }
        expect(part.snapshot().keyGroups.every((g) => range.contains(g.keyGroup))).toBe(true);
        owned.push(seen);
      }
      expect(owned[0]!.length).toBeGreaterThan(0);
      expect(owned[1]!.length).toBeGreaterThan(0);
      expect([...owned[0]!, ...owned[1]!].sort()).toEqual([...keys].sort());
    });

    it('scales in: one backend restores the snapshots of two', async () => {
      const parts: KeyedStateSnapshot[] = [];
      for (const index of [0, 1]) {
        const range = KeyGroupRange.forOperator(128, 2, index);
        const part = await keyed(range);
        const count = part.getState(descriptors().count);
        for (const key of keysIn(range, 20)) {
          part.setCurrentKey(key);
          count.update(key);
        }
        parts.push(part.snapshot());
      }
      const whole = await keyed();
      whole.restore(parts);
      const count = whole.getState(descriptors().count);
      let seen = 0;
      whole.forEachKey('count', (key) => {
        whole.setCurrentKey(key);
        expect(count.value()).toBe(key);
        seen++;
      });
      expect(seen).toBe(40);
    });

    it('snapshots and restores registered sections per key group', async () => {
      const timers = new Map<number, unknown[]>([
        [3, [{ key: 'x', at: 10 }]],
        [90, [{ key: 'y', at: 20 }]],
      ]);
      const source = await keyed();
      source.registerSection({
        name: 'timers',
        snapshotKeyGroup: (g) => structuredClone(timers.get(g) ?? []),
        restoreKeyGroup: () => expect.unreachable('nothing to restore'),
      });
      fill(source);
      const snapshot = source.snapshot();
      const sectionGroups = snapshot.keyGroups.filter((g) => g.sections.length > 0).map((g) => g.keyGroup);
      expect(sectionGroups).toEqual([3, 90]);
      const onlyTimers = snapshot.keyGroups.find((g) => g.keyGroup === 3)!;
      expect(onlyTimers.sections).toEqual([{ name: 'timers', rows: [{ key: 'x', at: 10 }] }]);

      const target = await keyed(KeyGroupRange.forOperator(128, 2, 1));
      target.restore([snapshot]);
      const restored: [number, readonly unknown[]][] = [];
      target.registerSection({
        name: 'timers',
        snapshotKeyGroup: () => [],
        restoreKeyGroup: (g, rows) => restored.push([g, rows]),
      });
      expect(restored).toEqual([[90, [{ key: 'y', at: 20 }]]]);
    });
  });
}
