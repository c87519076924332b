import { describe, expect, it } from 'vitest';
import { StateError } from '../../../src/errors/state-error.js';
import {
  type ContractTarget,
  WINDOWS,
  descriptors,
  thrown,
  w,
} from './fixtures.js';

/** Contract cases: namespaced (window) state: namespaces, raw access, merging. */
export function describeNamespaceCases({ keyed }: ContractTarget): void {
  describe('namespaces', () => {
    it('keeps namespaces apart; clear() clears only the current one', async () => {
      const backend = await keyed();
      const sum = backend.getNamespacedState(descriptors().sum, WINDOWS);
      backend.setCurrentKey('a');
      sum.setCurrentNamespace(w(0));
      sum.add(1);
      sum.setCurrentNamespace(w(10));
      sum.add(10);
      expect(sum.get()).toBe(10);
      sum.clear();
      expect(sum.get()).toBeUndefined();
      sum.setCurrentNamespace(w(0));
      expect(sum.get()).toBe(1);
      expect(sum.name).toBe('sum');
    });

    it('shares one table between getState and getNamespacedState (void namespace: null)', async () => {
      const backend = await keyed();
      const d = descriptors().count;
      const plain = backend.getState(d);
      const raw = backend.getNamespacedState(d, { toKey: () => null, fromKey: () => null });
      backend.setCurrentKey('a');
      plain.update(8);
      raw.setCurrentNamespace(null);
      expect(raw.getInternal()).toBe(8);
      raw.updateInternal(9);
      expect(plain.value()).toBe(9);
    });

    it('getInternal and updateInternal expose the raw stored value', async () => {
      const backend = await keyed();
      const d = descriptors();
      const events = backend.getNamespacedState(d.events, WINDOWS);
      const avg = backend.getNamespacedState(d.avg, WINDOWS);
      const pages = backend.getNamespacedState(d.pages, WINDOWS);
      backend.setCurrentKey('a');
      for (const s of [events, avg, pages]) s.setCurrentNamespace(w(0));
      expect(events.getInternal()).toBeUndefined();
      events.add('x');
      avg.add(4);
      pages.put('p', 1);
      expect(events.getInternal()).toEqual(['x']);
      expect(avg.getInternal()).toEqual({ sum: 4, n: 1 });
      expect(pages.getInternal()).toEqual(new Map([['p', 1]]));
      avg.updateInternal({ sum: 10, n: 2 });
      expect(avg.get()).toBe(5);
      events.updateInternal(undefined);
      expect(events.get()).toEqual([]);
      events.updateInternal([]);
      backend.forEachKey('events', () => expect.unreachable('an empty list is no entry'));
    });

    it('merges namespaces: lists concatenate (target first), reducing and aggregating combine, sources clear', async () => {
      const backend = await keyed();
      const d = descriptors();
      const events = backend.getNamespacedState(d.events, WINDOWS);
      const sum = backend.getNamespacedState(d.sum, WINDOWS);
      const avg = backend.getNamespacedState(d.avg, WINDOWS);
      backend.setCurrentKey('a');
      for (const [start, values] of [
        [0, [1]],
        [10, [2, 3]],
        [20, [6]],
      ] as const) {
        for (const s of [events, sum, avg]) s.setCurrentNamespace(w(start));
        for (const v of values) {
          events.add(String(v));
          sum.add(v);
          avg.add(v);
        }
      }
      for (const s of [events, sum, avg]) {
        s.mergeNamespaces(w(10), [w(0), w(20), w(30)]);
        s.setCurrentNamespace(w(10));
      }
      expect(events.get()).toEqual(['2', '3', '1', '6']);
      expect(sum.get()).toBe(12);
      expect(avg.get()).toBe(3);
      for (const s of [events, sum, avg]) s.setCurrentNamespace(w(0));
      expect(events.get()).toEqual([]);
      expect(sum.get()).toBeUndefined();
      expect(avg.get()).toBeUndefined();
      sum.mergeNamespaces(w(40), [w(10)]);
      sum.setCurrentNamespace(w(40));
      expect(sum.get()).toBe(12);
    });

    it('refuses to merge value and map state', async () => {
      const backend = await keyed();
      const d = descriptors();
      backend.setCurrentKey('a');
      for (const state of [backend.getNamespacedState(d.count, WINDOWS), backend.getNamespacedState(d.pages, WINDOWS)]) {
        const error = thrown(() => state.mergeNamespaces(w(0), [w(10)]));
        expect(error).toBeInstanceOf(StateError);
        expect(error.message).toContain(state.name);
      }
    });
  });
}
