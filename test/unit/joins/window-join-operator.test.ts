import { describe, expect, it } from 'vitest';
import type { DataStream } from '../../../src/api/data-stream.js';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import type { TaggedUnion } from '../../../src/api/tagged-union.js';
import type { StreamOperator } from '../../../src/runtime/stream-operator.js';
import { KeyedOperatorHarness } from '../../../src/testing/keyed-operator-harness.js';
import { MAX_TIMESTAMP } from '../../../src/time/time-types.js';
import { EventTimeSessionWindows } from '../../../src/windowing/assigners/event-time-session-windows.js';
import { GlobalWindows } from '../../../src/windowing/assigners/global-windows.js';
import { SlidingEventTimeWindows } from '../../../src/windowing/assigners/sliding-event-time-windows.js';
import { TumblingEventTimeWindows } from '../../../src/windowing/assigners/tumbling-event-time-windows.js';
import { CountEvictor } from '../../../src/windowing/evictors/count-evictor.js';
import { CountTrigger } from '../../../src/windowing/triggers/count-trigger.js';
import type { GlobalWindow } from '../../../src/windowing/windows/global-window.js';
import { multiset } from './join-test-support.js';

/** `key` and a name; the harness gives each element its timestamp separately. */
type Elem = readonly [key: string, name: string];
type Tagged = TaggedUnion<Elem, Elem>;

/**
 * The operator a window join builds (its last node: the window operator over
 * the tagged union), driven directly on a harness.
 */
function joinHarness(build: (left: DataStream<Elem>, right: DataStream<Elem>) => DataStream<string>) {
  const env = StreamEnvironment.create();
  const joined = build(env.fromArray<Elem>([]), env.fromArray<Elem>([]));
  const createOperator = joined.node!.createOperator as () => StreamOperator<Tagged, string>;
  return new KeyedOperatorHarness<Tagged, string>({ operator: createOperator });
}

const byKey = (left: DataStream<Elem>, right: DataStream<Elem>) =>
  left
    .join(right)
    .where(([key]) => key)
    .equalTo(([key]) => key);

const names = (l: Elem, r: Elem) => `${l[1]}:${r[1]}`;

const L = (h: KeyedOperatorHarness<Tagged, string>, key: string, name: string, ts?: number) =>
  h.processElement({ side: 'left', value: [key, name] }, ts);
const R = (h: KeyedOperatorHarness<Tagged, string>, key: string, name: string, ts?: number) =>
  h.processElement({ side: 'right', value: [key, name] }, ts);

const records = (h: KeyedOperatorHarness<Tagged, string>) =>
  multiset(h.elements().flatMap((e) => (e.kind === 'record' ? [{ value: e.value, timestamp: e.timestamp }] : [])));

describe('a window join', () => {
  it('emits every left × right pair of a key’s window when the watermark reaches its end - 1, stamped window.maxTimestamp()', () => {
    const h = joinHarness((l, r) => byKey(l, r).window(TumblingEventTimeWindows.of(3)).apply(names));
    L(h, 'a', 'x', 0);
    L(h, 'a', 'y', 1);
    R(h, 'a', 'u', 2);
    R(h, 'a', 'w', 1);
    h.processWatermark(1);
    expect(h.records()).toEqual([]);
    h.processWatermark(2);
    expect(h.elements().at(-1)).toEqual({ kind: 'watermark', timestamp: 2 });
    expect(records(h)).toEqual(multiset(['x:u', 'x:w', 'y:u', 'y:w'].map((value) => ({ value, timestamp: 2 }))));
    h.close();
  });

  it('pairs elements only within the same window', () => {
    const h = joinHarness((l, r) => byKey(l, r).window(TumblingEventTimeWindows.of(3)).apply(names));
    L(h, 'a', 'early', 2);
    R(h, 'a', 'late', 3);
    L(h, 'a', 'next', 5);
    h.processWatermark(10);
    expect(h.records()).toEqual(['next:late']);
    h.close();
  });

  it('emits nothing for a window holding only one side, even when it fires', () => {
    const h = joinHarness((l, r) => byKey(l, r).window(TumblingEventTimeWindows.of(3)).apply(names));
    L(h, 'a', 'x', 0);
    L(h, 'a', 'y', 1);
    R(h, 'b', 'u', 1);
    R(h, 'c', 'v', 4);
    h.processWatermark(MAX_TIMESTAMP - 1);
    expect(h.records()).toEqual([]);
    h.close();
  });

  it('joins only equal keys', () => {
    const h = joinHarness((l, r) => byKey(l, r).window(TumblingEventTimeWindows.of(10)).apply(names));
    L(h, 'a', 'a1', 1);
    L(h, 'b', 'b1', 1);
    R(h, 'b', 'b2', 2);
    R(h, 'c', 'c2', 3);
    h.processWatermark(9);
    expect(h.records()).toEqual(['b1:b2']);
    h.close();
  });

  it('with sliding windows emits a pair once for every window both elements share', () => {
    const h = joinHarness((l, r) => byKey(l, r).window(SlidingEventTimeWindows.of(4, 2)).apply(names));
    // a: 1 is in [-2,2) and [0,4), 3 in [0,4) and [2,6): they share [0,4).
    L(h, 'a', 'a1', 1);
    R(h, 'a', 'a3', 3);
    // b: both at 3 share [0,4) and [2,6).
    L(h, 'b', 'bl', 3);
    R(h, 'b', 'br', 3);
    h.processWatermark(10);
    expect(records(h)).toEqual(
      multiset([
        { value: 'a1:a3', timestamp: 3 },
        { value: 'bl:br', timestamp: 3 },
        { value: 'bl:br', timestamp: 5 },
      ]),
    );
    h.close();
  });

  it('with session windows joins across sessions that an element merged', () => {
    const h = joinHarness((l, r) => byKey(l, r).window(EventTimeSessionWindows.withGap(3)).apply(names));
    L(h, 'a', 'l0', 0); // [0,3)
    R(h, 'a', 'r5', 5); // [5,8): a separate session
    h.processWatermark(1);
    L(h, 'a', 'l3', 3); // [3,6) bridges both: [0,8)
    h.processWatermark(7);
    expect(records(h)).toEqual(multiset(['l0:r5', 'l3:r5'].map((value) => ({ value, timestamp: 7 }))));
    h.close();
  });

  it('re-fires a window for an element within the allowed lateness, with all pairs, and drops it after cleanup', () => {
    const h = joinHarness((l, r) => byKey(l, r).window(TumblingEventTimeWindows.of(3)).allowedLateness(2).apply(names));
    L(h, 'a', 'l0', 0);
    R(h, 'a', 'r1', 1);
    h.processWatermark(2);
    expect(h.records()).toEqual(['l0:r1']);
    h.clearOutput();
    R(h, 'a', 'r2', 2); // window [0,3) fired but is kept until 2 + 2
    expect(records(h)).toEqual(multiset(['l0:r1', 'l0:r2'].map((value) => ({ value, timestamp: 2 }))));
    h.clearOutput();
    h.processWatermark(4); // cleanup time 4
    L(h, 'a', 'l1', 1);
    h.processWatermark(10);
    expect(h.records()).toEqual([]);
    h.close();
  });

  it('uses a custom trigger and evictor, which see the tagged elements', () => {
    const seen: Tagged[] = [];
    const count = CountTrigger.of<GlobalWindow>(3);
    const h = joinHarness((l, r) =>
      byKey(l, r)
        .window(GlobalWindows.create())
        .trigger({
          onElement: (element, timestamp, window, ctx) => {
            seen.push(element);
            return count.onElement(element, timestamp, window, ctx);
          },
          onEventTime: (time, window, ctx) => count.onEventTime(time, window, ctx),
          onProcessingTime: (time, window, ctx) => count.onProcessingTime(time, window, ctx),
          canMerge: () => false,
          clear: (window, ctx) => count.clear(window, ctx),
        })
        .evictor(CountEvictor.of(3))
        .apply(names),
    );
    L(h, 'a', 'l1');
    R(h, 'a', 'r1');
    L(h, 'a', 'l2');
    expect(records(h)).toEqual(multiset(['l1:r1', 'l2:r1'].map((value) => ({ value, timestamp: MAX_TIMESTAMP }))));
    h.clearOutput();
    R(h, 'a', 'r2');
    R(h, 'a', 'r3');
    L(h, 'a', 'l3'); // the evictor keeps the last 3: r2, r3, l3
    expect(h.records().sort()).toEqual(['l3:r2', 'l3:r3']);
    expect(seen[0]).toEqual({ side: 'left', value: ['a', 'l1'] });
    h.close();
  });

  it('emits any number of results per pair with flatApply', () => {
    const h = joinHarness((l, r) =>
      byKey(l, r)
        .window(TumblingEventTimeWindows.of(10))
        .flatApply<string>((left, right, out) => {
          if (left[1] !== 'skip') for (const n of [1, 2]) out.collect(`${left[1]}:${right[1]}#${n}`);
        }),
    );
    L(h, 'a', 'l', 1);
    L(h, 'a', 'skip', 2);
    R(h, 'a', 'r', 3);
    h.processWatermark(9);
    expect(h.records().sort()).toEqual(['l:r#1', 'l:r#2']);
    h.close();
  });

  it('restores exactly what it snapshotted: a fresh instance fires the restored window with new elements', () => {
    const h = joinHarness((l, r) => byKey(l, r).window(TumblingEventTimeWindows.of(3)).apply(names));
    L(h, 'a', 'l0', 0);
    R(h, 'a', 'r1', 1);
    const snapshot = h.snapshot();
    R(h, 'a', 'r2', 2);
    h.processWatermark(2);
    const original = records(h);
    h.close();

    const restored = h.restoreFresh(snapshot);
    R(restored, 'a', 'r2', 2);
    restored.processWatermark(2);
    expect(records(restored)).toEqual(original);
    expect(original.map((r) => r.value)).toEqual(['l0:r1', 'l0:r2']);
    restored.close();
  });
});
