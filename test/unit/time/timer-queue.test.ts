import { describe, expect, it } from 'vitest';
import { TimerQueue } from '../../../src/time/timer-queue.js';
import type { InternalTimer } from '../../../src/time/internal-timer.js';

type Queue = TimerQueue<string>;
const add = (q: Queue, key: string, time: number, ns = '') => q.add(key, 0, ns, ns, time);
const label = (t: InternalTimer<string>) => `${t.key}${t.namespaceKey === '' ? '' : `/${t.namespaceKey}`}@${t.time}`;

/** Fires everything due by `limit`, calling `onFire` for each timer; returns the labels in firing order. */
function fireAll(q: Queue, limit: number, onFire: (t: InternalTimer<string>) => void = () => {}): string[] {
  const fired: string[] = [];
  while (
    q.fireDue(limit, (t) => {
      fired.push(label(t));
      onFire(t);
    })
  );
  return fired;
}

describe('TimerQueue', () => {
  it('fires due timers in time order and leaves later ones', () => {
    const q: Queue = new TimerQueue();
    add(q, 'a', 30);
    add(q, 'b', 10);
    add(q, 'c', 20);
    add(q, 'd', 40);
    expect(fireAll(q, 30)).toEqual(['b@10', 'c@20', 'a@30']);
    expect(q.size).toBe(1);
    expect(q.peekTime()).toBe(40);
  });

  it('fires timers of one time in registration order', () => {
    const q: Queue = new TimerQueue();
    for (const key of ['z', 'a', 'm']) add(q, key, 5);
    expect(fireAll(q, 5)).toEqual(['z@5', 'a@5', 'm@5']);
  });

  it('deduplicates per key, namespace and time', () => {
    const q: Queue = new TimerQueue();
    expect(add(q, 'a', 10)).toBe(true);
    expect(add(q, 'a', 10)).toBe(false);
    expect(add(q, 'a', 10, 'w1')).toBe(true);
    expect(add(q, 'a', 10, 'w1')).toBe(false);
    expect(add(q, 'b', 10)).toBe(true);
    expect(add(q, 'a', 11)).toBe(true);
    expect(q.size).toBe(4);
    expect(fireAll(q, 100)).toEqual(['a@10', 'a/w1@10', 'b@10', 'a@11']);
  });

  it('fires nothing when the earliest time is beyond the limit', () => {
    const q: Queue = new TimerQueue();
    add(q, 'a', 10);
    expect(q.fireDue(9, () => {})).toBe(false);
    expect(q.size).toBe(1);
  });

  it('removes a timer so it never fires, and reports whether there was one', () => {
    const q: Queue = new TimerQueue();
    add(q, 'a', 10);
    add(q, 'b', 10);
    expect(q.remove('a', '', 10)).toBe(true);
    expect(q.remove('a', '', 10)).toBe(false);
    expect(q.remove('b', 'other-ns', 10)).toBe(false);
    expect(q.size).toBe(1);
    expect(fireAll(q, 10)).toEqual(['b@10']);
  });

  it('skips a time whose timers were all removed', () => {
    const q: Queue = new TimerQueue();
    add(q, 'a', 10);
    add(q, 'b', 20);
    q.remove('a', '', 10);
    expect(q.peekTime()).toBe(20);
    add(q, 'a', 10);
    expect(fireAll(q, 20)).toEqual(['a@10', 'b@20']);
  });

  it('a timer deleted while its time is firing does not fire', () => {
    const q: Queue = new TimerQueue();
    add(q, 'a', 10);
    add(q, 'b', 10);
    add(q, 'c', 10);
    const fired = fireAll(q, 10, (t) => {
      if (t.key === 'a') expect(q.remove('c', '', 10)).toBe(true);
    });
    expect(fired).toEqual(['a@10', 'b@10']);
    expect(q.size).toBe(0);
  });

  it('a timer of another namespace deleted while firing does not fire', () => {
    const q: Queue = new TimerQueue();
    add(q, 'a', 10, 'w1');
    add(q, 'a', 10, 'w2');
    const fired = fireAll(q, 10, (t) => {
      if (t.namespaceKey === 'w1') q.remove('a', 'w2', 10);
    });
    expect(fired).toEqual(['a/w1@10']);
  });

  it('a timer added at the firing time during firing fires in the same advance', () => {
    const q: Queue = new TimerQueue();
    add(q, 'a', 10);
    const fired = fireAll(q, 10, (t) => {
      if (t.key === 'a') add(q, 'b', 10);
    });
    expect(fired).toEqual(['a@10', 'b@10']);
  });

  it('a timer re-registered for the key and time being fired fires again (as in Flink)', () => {
    const q: Queue = new TimerQueue();
    add(q, 'a', 10);
    let again = true;
    const fired = fireAll(q, 10, () => {
      if (again) expect(add(q, 'a', 10)).toBe(true);
      again = false;
    });
    expect(fired).toEqual(['a@10', 'a@10']);
  });

  it('re-adding a timer still pending in the time being fired is a duplicate and fires once', () => {
    const q: Queue = new TimerQueue();
    add(q, 'a', 10, 'w1');
    add(q, 'a', 10, 'w2');
    add(q, 'b', 10);
    const fired = fireAll(q, 10, (t) => {
      if (t.namespaceKey === 'w1') {
        expect(add(q, 'a', 10, 'w2')).toBe(false);
        expect(add(q, 'b', 10)).toBe(false);
      }
    });
    expect(fired).toEqual(['a/w1@10', 'a/w2@10', 'b@10']);
    expect(q.size).toBe(0);
  });

  it('a timer added below the firing time during firing fires in the same advance', () => {
    const q: Queue = new TimerQueue();
    add(q, 'a', 10);
    const fired = fireAll(q, 10, (t) => {
      if (t.key === 'a') add(q, 'b', 5);
    });
    expect(fired).toEqual(['a@10', 'b@5']);
  });

  it('forEach visits every pending timer and clear() empties the queue', () => {
    const q: Queue = new TimerQueue();
    add(q, 'a', 1);
    add(q, 'a', 1, 'w');
    add(q, 'b', 2);
    const seen: string[] = [];
    q.forEach((t) => seen.push(label(t)));
    expect(seen.sort()).toEqual(['a/w@1', 'a@1', 'b@2']);
    q.clear();
    expect(q.size).toBe(0);
    expect(q.peekTime()).toBeUndefined();
    expect(fireAll(q, 100)).toEqual([]);
  });

  it('keeps size right through adds, removes and firing', () => {
    const q: Queue = new TimerQueue();
    for (let i = 0; i < 100; i++) add(q, `k${i % 10}`, i % 7);
    expect(q.size).toBe(70);
    q.remove('k0', '', 0);
    expect(q.size).toBe(69);
    expect(fireAll(q, 3)).toHaveLength(39);
    expect(q.size).toBe(30);
  });
});
