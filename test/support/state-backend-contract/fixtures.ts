import { expect } from 'vitest';
export { rejected, thrown } from '../thrown.js';
import type { CheckpointStorage } from '../../../src/checkpoint/checkpoint-storage.js';
import type { AggregateFunction } from '../../../src/state/aggregate-function.js';
import { KeyGroupAssigner } from '../../../src/state/key-group.js';
import { KeyGroupRange } from '../../../src/state/key-group-range.js';
import type { KeyedStateBackend } from '../../../src/state/keyed-state-backend.js';
import type { NamespaceSerializer } from '../../../src/state/namespace-serializer.js';
import type { StateBackend } from '../../../src/state/state-backend.js';
import {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../../../src/state/state-descriptor.js';

/** What the case groups need from the suite: fresh keyed backends and storages, cleaned up after each test. */
export interface ContractTarget {
  /** A keyed backend of a fresh StateBackend for `range` (default: all of 128 groups). */
  keyed(range?: KeyGroupRange, maxParallelism?: number): Promise<KeyedStateBackend>;
  /** A checkpoint storage of a fresh StateBackend, for a job of its own. */
  storage(): Promise<CheckpointStorage>;
  /** A fresh StateBackend: its own memory, directory or database. */
  backend(): Promise<StateBackend>;
  /** Opens a checkpoint storage of `backend` (closed after the test): twice on one backend means the same place. */
  open(backend: StateBackend): Promise<CheckpointStorage>;
}

/** A window-like namespace for the namespaced-state cases. */
export interface Window {
  readonly start: number;
  readonly end: number;
}
export const WINDOWS: NamespaceSerializer<Window> = {
  toKey: (w) => `${w.start}:${w.end}`,
  fromKey: (key) => {
    const [start, end] = String(key).split(':').map(Number);
    return { start: start!, end: end! };
  },
};
export const w = (start: number): Window => ({ start, end: start + 10 });

export const average: AggregateFunction<number, { sum: number; n: number }, number> = {
  createAccumulator: () => ({ sum: 0, n: 0 }),
  add: (v, acc) => ({ sum: acc.sum + v, n: acc.n + 1 }),
  getResult: (acc) => acc.sum / acc.n,
  merge: (a, b) => ({ sum: a.sum + b.sum, n: a.n + b.n }),
};

/** One descriptor of each kind, as the cases use them. */
export const descriptors = () => ({
  count: new ValueStateDescriptor<number>({ name: 'count', defaultValue: 0 }),
  profile: new ValueStateDescriptor<{ visits: number }>('profile'),
  events: new ListStateDescriptor<string>('events'),
  pages: new MapStateDescriptor<string, number>('pages'),
  sum: new ReducingStateDescriptor<number>({ name: 'sum', reduce: (a, b) => a + b }),
  avg: new AggregatingStateDescriptor({ name: 'avg', aggregate: average }),
});

/** The first `count` integer keys whose key group lies in `range` (or outside it when `inside` is false). */
export function keysIn(range: KeyGroupRange, count: number, maxParallelism = 128, inside = true): number[] {
  const assigner = new KeyGroupAssigner(maxParallelism);
  const keys: number[] = [];
  for (let k = 0; keys.length < count; k++) if (range.contains(assigner.assign(k)) === inside) keys.push(k);
  return keys;
}

let jobCounter = 0;
export const uniqueJobId = (): string => `contract-${Math.random().toString(36).slice(2)}-${++jobCounter}`;

/** Fills every kind of state for keys 'a', 'b' and the tuple ['t', 1]. */
export function fill(backend: KeyedStateBackend): void {
  const d = descriptors();
  const windows = backend.getNamespacedState(new ListStateDescriptor<string>('window-contents'), WINDOWS);
  for (const key of ['a', 'b', ['t', 1]]) {
    backend.setCurrentKey(key);
    const tag = JSON.stringify(key);
    backend.getState(d.count).update(tag.length);
    backend.getState(d.profile).update({ visits: tag.length * 2 });
    backend.getState(d.events).addAll([`${tag}-1`, `${tag}-2`]);
    backend.getState(d.pages).put(`/${tag}`, 3);
    backend.getState(d.sum).add(5);
    backend.getState(d.sum).add(tag.length);
    backend.getState(d.avg).add(2);
    backend.getState(d.avg).add(4);
    windows.setCurrentNamespace(w(0));
    windows.add(`${tag}@0`);
    windows.setCurrentNamespace(w(10));
    windows.add(`${tag}@10`);
  }
}

/** Asserts what {@link fill} wrote, read through freshly registered handles. */
export function expectFilled(backend: KeyedStateBackend, keys: readonly unknown[] = ['a', 'b', ['t', 1]]): void {
  const d = descriptors();
  const windows = backend.getNamespacedState(new ListStateDescriptor<string>('window-contents'), WINDOWS);
  for (const key of keys) {
    backend.setCurrentKey(key);
    const tag = JSON.stringify(key);
    expect(backend.getState(d.count).value()).toBe(tag.length);
    expect(backend.getState(d.profile).value()).toEqual({ visits: tag.length * 2 });
    expect(backend.getState(d.events).get()).toEqual([`${tag}-1`, `${tag}-2`]);
    expect([...backend.getState(d.pages).entries()]).toEqual([[`/${tag}`, 3]]);
    expect(backend.getState(d.sum).get()).toBe(5 + tag.length);
    expect(backend.getState(d.avg).get()).toBe(3);
    windows.setCurrentNamespace(w(0));
    expect(windows.get()).toEqual([`${tag}@0`]);
    windows.setCurrentNamespace(w(10));
    expect(windows.get()).toEqual([`${tag}@10`]);
  }
}
