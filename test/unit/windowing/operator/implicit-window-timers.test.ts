import { describe, expect, it } from 'vitest';
import { HeapKeyedStateBackend } from '../../../../src/state/heap/heap-keyed-state-backend.js';
import { KeyGroupRange } from '../../../../src/state/key-group-range.js';
import { ReducingStateDescriptor } from '../../../../src/state/state-descriptor.js';
import { ImplicitWindowTimers } from '../../../../src/windowing/operator/implicit-window-timers.js';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';

/** Window contents as the window operator keeps them: a reducing state namespaced by window. */
function setup() {
  const backend = new HeapKeyedStateBackend({ keyGroupRange: KeyGroupRange.all(128), maxParallelism: 128 });
  const contents = backend.getNamespacedState(
    new ReducingStateDescriptor<number>({ name: 'window-contents', reduce: (a, b) => a + b }),
    TimeWindow.namespaces,
  );
  const timers = new ImplicitWindowTimers<TimeWindow>(contents);
  /** Adds `value` for `key` in `window`, tracking the window when the entry is new (as the operator does). */
  const add = (key: string, window: TimeWindow, value: number) => {
    backend.setCurrentKey(key);
    contents.setCurrentNamespace(window);
    if (contents.addInternal((sum, v: number) => (sum === undefined ? v : (sum as number) + v), value, undefined) === undefined) {
      timers.track(window);
    }
  };
  const fire = (watermark: number) => {
    const fired: string[] = [];
    timers.fire(watermark, (window, key, _hash, sum) => fired.push(`${String(key)}@${window.start}=${String(sum)}`));
    return fired.sort();
  };
  return { add, fire, timers };
}

describe('ImplicitWindowTimers', () => {
  it('evaluates each tracked window once the watermark reaches its max timestamp, oldest first, and clears it', () => {
    const { add, fire, timers } = setup();
    const w0 = new TimeWindow(0, 10);
    const w1 = new TimeWindow(10, 20);
    add('a', w0, 1);
    add('b', w0, 2);
    add('a', w0, 3);
    add('a', w1, 5);
    expect(timers.earliest()).toBe(9);
    expect(fire(8)).toEqual([]);
    expect(fire(9)).toEqual(['a@0=4', 'b@0=2']);
    expect(fire(9)).toEqual([]);
    expect(fire(100)).toEqual(['a@10=5']);
    expect(timers.earliest()).toBeUndefined();
  });

  it('tracks a window again when entries are created in it after it fired', () => {
    const { add, fire } = setup();
    const w0 = new TimeWindow(0, 10);
    add('a', w0, 1);
    expect(fire(9)).toEqual(['a@0=1']);
    // The same window instance again (as the assigner hands out): it must be tracked anew.
    add('a', w0, 7);
    expect(fire(9)).toEqual(['a@0=7']);
  });

  it('tracks equal windows given as different instances once', () => {
    const { add, fire } = setup();
    add('a', new TimeWindow(0, 10), 1);
    add('b', new TimeWindow(0, 10), 2);
    expect(fire(9)).toEqual(['a@0=1', 'b@0=2']);
  });
});
