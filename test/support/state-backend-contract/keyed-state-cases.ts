import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { StateError } from '../../../src/errors/state-error.js';
import { InvalidKeyError } from '../../../src/state/key-encoding.js';
import { KeyGroupAssigner } from '../../../src/state/key-group.js';
import { KeyGroupRange } from '../../../src/state/key-group-range.js';
import { ListStateDescriptor, MapStateDescriptor, ValueStateDescriptor } from '../../../src/state/state-descriptor.js';
import {
  type ContractTarget,
  WINDOWS,
  descriptors,
  keysIn,
  thrown,
  w,
} from './fixtures.js';

/** Contract cases: keyed state of every kind: values, lists, maps, reducing, aggregating, keys. */
export function describeKeyedStateCases({ keyed }: ContractTarget): void {
  describe('keyed state', () => {
    it('value state returns the default until updated, then the value of the current key', async () => {
      const backend = await keyed();
      const count = backend.getState(descriptors().count);
      backend.setCurrentKey('a');
      expect(count.value()).toBe(0);
      count.update(5);
      backend.setCurrentKey('b');
      expect(count.value()).toBe(0);
      count.update(7);
      backend.setCurrentKey('a');
      expect(count.value()).toBe(5);
    });

    it('value state update(undefined) and clear() remove the entry', async () => {
      const backend = await keyed();
      const profile = backend.getState(descriptors().profile);
      backend.setCurrentKey('a');
      profile.update({ visits: 1 });
      profile.update(undefined);
      expect(profile.value()).toBeUndefined();
      profile.update({ visits: 2 });
      profile.clear();
      expect(profile.value()).toBeUndefined();
      backend.forEachKey('profile', () => expect.unreachable('no key should remain'));
    });

    it('list state is empty at first, keeps order, and update([]) removes the key', async () => {
      const backend = await keyed();
      const events = backend.getState(descriptors().events);
      backend.setCurrentKey('a');
      expect(events.get()).toEqual([]);
      events.add('x');
      events.addAll(['y', 'z']);
      expect(events.get()).toEqual(['x', 'y', 'z']);
      events.update(['only']);
      expect(events.get()).toEqual(['only']);
      events.update([]);
      expect(events.get()).toEqual([]);
      events.addAll([]);
      const keys: unknown[] = [];
      backend.forEachKey('events', (key) => keys.push(key));
      expect(keys).toEqual([]);
    });

    it('map state follows JS Map semantics and drops a key whose map becomes empty', async () => {
      const backend = await keyed();
      const pages = backend.getState(new MapStateDescriptor<unknown, number>('pages'));
      backend.setCurrentKey('a');
      expect(pages.isEmpty()).toBe(true);
      expect([...pages.entries()]).toEqual([]);
      pages.put('/home', 1);
      pages.putAll([
        [1, 2],
        ['1', 3],
      ]);
      expect(pages.get('/home')).toBe(1);
      expect(pages.get(1)).toBe(2);
      expect(pages.get('1')).toBe(3);
      expect(pages.contains('/nope')).toBe(false);
      expect([...pages.keys()]).toEqual(['/home', 1, '1']);
      expect([...pages.values()]).toEqual([1, 2, 3]);
      pages.remove('/home');
      pages.remove(1);
      expect(pages.isEmpty()).toBe(false);
      pages.remove('1');
      expect(pages.isEmpty()).toBe(true);
      backend.forEachKey('pages', () => expect.unreachable('no key should remain'));
      pages.put('/x', 9);
      pages.clear();
      expect(pages.get('/x')).toBeUndefined();
    });

    it('reducing state folds added values; aggregating state feeds an accumulator', async () => {
      const backend = await keyed();
      const d = descriptors();
      const sum = backend.getState(d.sum);
      const avg = backend.getState(d.avg);
      backend.setCurrentKey('a');
      expect(sum.get()).toBeUndefined();
      expect(avg.get()).toBeUndefined();
      for (const v of [1, 2, 6]) {
        sum.add(v);
        avg.add(v);
      }
      expect(sum.get()).toBe(9);
      expect(avg.get()).toBe(3);
      sum.clear();
      avg.clear();
      expect(sum.get()).toBeUndefined();
      expect(avg.get()).toBeUndefined();
    });

    it('returns the same handle for the same name and rejects a second kind with STATE_CONFLICT', async () => {
      const backend = await keyed();
      const first = backend.getState(new ValueStateDescriptor<number>('seen'));
      expect(backend.getState(new ValueStateDescriptor<number>('seen'))).toBe(first);
      const error = thrown(() => backend.getState(new ListStateDescriptor<number>('seen')));
      expect(error).toBeInstanceOf(StateError);
      expect(error.code).toBe(ErrorCodes.STATE_CONFLICT);
      expect(error.message).toContain("'seen'");
    });

    it('creates handles before any key, but state access without a current key throws NO_CURRENT_KEY', async () => {
      const backend = await keyed();
      const count = backend.getState(descriptors().count);
      expect(backend.currentKey).toBeUndefined();
      const error = thrown(() => count.value());
      expect(error).toBeInstanceOf(StateError);
      expect(error.code).toBe(ErrorCodes.NO_CURRENT_KEY);
      expect(thrown(() => count.update(1)).code).toBe(ErrorCodes.NO_CURRENT_KEY);
    });

    it('compares tuple keys by value and returns one frozen instance as currentKey', async () => {
      const backend = await keyed();
      const count = backend.getState(descriptors().count);
      const key = ['user', 1];
      backend.setCurrentKey(key);
      count.update(41);
      const interned = backend.currentKey;
      key[1] = 2; // the caller's array stays theirs
      backend.setCurrentKey(['user', 1]);
      expect(count.value()).toBe(41);
      expect(backend.currentKey).toBe(interned);
      expect(Object.isFrozen(interned)).toBe(true);
      backend.setCurrentKey(['user', '1']);
      expect(count.value()).toBe(0);
    });

    it('treats -0 as the same key as 0', async () => {
      const backend = await keyed();
      const count = backend.getState(descriptors().count);
      backend.setCurrentKey(-0);
      count.update(3);
      backend.setCurrentKey(0);
      expect(count.value()).toBe(3);
      expect(Object.is(backend.currentKey, 0)).toBe(true);
    });

    it('computes the key group of the current key and rejects non-keys naming where', async () => {
      const backend = await keyed();
      backend.setCurrentKey('hello');
      expect(backend.currentKeyGroup).toBe(new KeyGroupAssigner(128).assign('hello'));
      const error = thrown(() => backend.setCurrentKey({ id: 1 }, "The key selector of 'clicks'"));
      expect(error).toBeInstanceOf(InvalidKeyError);
      expect(error.code).toBe(ErrorCodes.INVALID_KEY);
      expect(error.message).toContain("The key selector of 'clicks'");
      expect(thrown(() => backend.setCurrentKey(NaN)).code).toBe(ErrorCodes.INVALID_KEY);
    });

    it('rejects a key whose group is outside its range with INVALID_ARGUMENT', async () => {
      const range = KeyGroupRange.forOperator(128, 2, 0);
      const backend = await keyed(range);
      const [outside] = keysIn(range, 1, 128, false);
      const error = thrown(() => backend.setCurrentKey(outside));
      expect(error).toBeInstanceOf(StateError);
      expect(error.code).toBe(ErrorCodes.INVALID_ARGUMENT);
      expect(error.message).toContain(String(outside));
      expect(error.message).toContain(String(new KeyGroupAssigner(128).assign(outside!)));
    });

    it('forEachKey visits each key with an entry once, across namespaces and key groups', async () => {
      const backend = await keyed();
      const d = new ListStateDescriptor<number>('buffer');
      const plain = backend.getState(d);
      const windowed = backend.getNamespacedState(d, WINDOWS);
      for (let k = 0; k < 50; k++) {
        backend.setCurrentKey(k);
        windowed.setCurrentNamespace(w(0));
        windowed.add(k);
        windowed.setCurrentNamespace(w(10));
        windowed.add(k);
        if (k % 2 === 0) plain.add(k);
      }
      backend.setCurrentKey(7);
      windowed.clear();
      windowed.setCurrentNamespace(w(0));
      windowed.clear();
      const seen: unknown[] = [];
      backend.forEachKey('buffer', (key) => seen.push(key));
      expect(seen.sort((a, b) => Number(a) - Number(b))).toEqual([...Array(50).keys()].filter((k) => k !== 7));
    });
  });
}
