import { describe, expect, it } from 'vitest';
import { windowOperatorHarness } from '../../../../src/testing/window-operator-harness.js';
import { MAX_TIMESTAMP } from '../../../../src/time/time-types.js';
import { EventTimeSessionWindows } from '../../../../src/windowing/assigners/event-time-session-windows.js';
import { TumblingEventTimeWindows } from '../../../../src/windowing/assigners/tumbling-event-time-windows.js';
import type { WindowAssigner } from '../../../../src/windowing/assigners/window-assigner.js';
import type { ProcessWindowFunction } from '../../../../src/windowing/functions/process-window-function.js';
import type { Trigger } from '../../../../src/windowing/triggers/trigger.js';
import type { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import {
  byKey,
  el,
  expectOutput,
  expectSameOutputAcrossRestores,
  rec,
  reducedSession,
  stateCounts,
  sumPairs,
  toWm,
  wm,
  type Pair,
  type Session,
} from './window-test-support.js';

// Flink's WindowOperatorTest.testCleanupTimeOverflow and testCleanupTimerWithEmpty*: a cleanup
// timer on a window the trigger already purged emits nothing.

const tumbling2s = TumblingEventTimeWindows.of(2_000) as WindowAssigner<Pair, TimeWindow>;
const session3s = EventTimeSessionWindows.withGap(3_000) as WindowAssigner<Pair, TimeWindow>;
const render = ([k, v]: Pair) => `(${k},${v})`;

/** Flink's PassThroughFunction: emits every element. */
const passThrough: ProcessWindowFunction<Pair, Pair, string, TimeWindow> = {
  process: (_key, _ctx, elements, out) => elements.forEach((e) => out.collect(e)),
};

/** Flink's EventTimeTriggerAccumGC: fires and purges at the window end and again at cleanup time. */
function eventTimeTriggerAccumGC(cleanupTime: number): Trigger<Pair, TimeWindow> {
  return {
    onElement(_e, _t, window, ctx) {
      if (window.maxTimestamp() <= ctx.currentWatermark()) return 'FIRE';
      ctx.registerEventTimeTimer(window.maxTimestamp());
      return 'CONTINUE';
    },
    onEventTime: (time, window) =>
      time === window.maxTimestamp() || time === window.maxTimestamp() + cleanupTime ? 'FIRE_AND_PURGE' : 'CONTINUE',
    onProcessingTime: () => 'CONTINUE',
    canMerge: () => true,
    onMerge: (window, ctx) => ctx.registerEventTimeTimer(window.maxTimestamp()),
    clear: (window, ctx) => ctx.deleteEventTimeTimer(window.maxTimestamp()),
  };
}

const oneElementThen = (...watermarks: number[]) => [el<Pair>(['key2', 1], 1000), ...watermarks.map((t) => toWm<Pair>(t))];

describe('cleanup timers of windows whose contents are already gone', () => {
  it('emit nothing when a trigger fired and purged at the end and fires again at cleanup (list contents)', () => {
    const create = () =>
      windowOperatorHarness<Pair, string, string, TimeWindow>({
        keySelector: byKey,
        assigner: tumbling2s,
        trigger: eventTimeTriggerAccumGC(100),
        allowedLateness: 100,
        process: { process: (_k, _c, elements, out) => out.collect(`GOT: ${elements.map(render).join(',')}`) },
      });
    const out = expectSameOutputAcrossRestores(create, oneElementThen(1599, 1999, 2100, 5000));
    expectOutput(out.main, [wm(1599), rec('GOT: (key2,1)', 1999), wm(1999), wm(2100), wm(5000)]);
  });

  const tumblingOutput = [wm(1599), rec<Pair>(['key2', 1], 1999), wm(1999), wm(2000), wm(5000)];

  it('emit nothing at cleanup after the window fired (list contents, lateness 1)', () => {
    const create = () =>
      windowOperatorHarness<Pair, Pair, string, TimeWindow>({ keySelector: byKey, assigner: tumbling2s, allowedLateness: 1, process: passThrough });
    expectOutput(expectSameOutputAcrossRestores(create, oneElementThen(1599, 1999, 2000, 5000)).main, tumblingOutput);
  });

  it('emit nothing at cleanup after the window fired (reduce contents, lateness 1)', () => {
    const create = () =>
      windowOperatorHarness<Pair, Pair, string, TimeWindow>({ keySelector: byKey, assigner: tumbling2s, allowedLateness: 1, reduce: sumPairs });
    expectOutput(expectSameOutputAcrossRestores(create, oneElementThen(1599, 1999, 2000, 5000)).main, tumblingOutput);
  });

  it('emit nothing at cleanup of a fired session (list contents, lateness 10)', () => {
    const create = () =>
      windowOperatorHarness<Pair, Pair, string, TimeWindow>({ keySelector: byKey, assigner: session3s, allowedLateness: 10, process: passThrough });
    const out = expectSameOutputAcrossRestores(create, oneElementThen(4998, 14600));
    expectOutput(out.main, [rec<Pair>(['key2', 1], 3999), wm(4998), wm(14600)]);
  });

  it('emit nothing at cleanup of a fired session (reduce contents, lateness 10)', () => {
    const create = () =>
      windowOperatorHarness<Pair, Session, string, TimeWindow>({
        keySelector: byKey,
        assigner: session3s,
        allowedLateness: 10,
        reduce: sumPairs,
        then: reducedSession,
      });
    const out = expectSameOutputAcrossRestores(create, oneElementThen(4998, 14600));
    expectOutput(out.main, [rec<Session>(['key2-1', 1000, 4000], 3999), wm(4998), wm(14600)]);
  });

  it('keep contents until cleanup time when the function emits nothing, then remove them', () => {
    const fireAlways: Trigger<Pair, TimeWindow> = {
      onElement: () => 'FIRE',
      onEventTime: () => 'FIRE',
      onProcessingTime: () => 'FIRE',
      canMerge: () => true,
      clear: () => {},
    };
    const h = windowOperatorHarness<Pair, Pair, string, TimeWindow>({
      keySelector: byKey,
      assigner: tumbling2s,
      trigger: fireAlways,
      allowedLateness: 1,
      process: { process: () => {} },
    });
    h.processElement(['test_key', 1], 1000);
    for (const t of [1599, 1699, 1799, 1999]) {
      h.processWatermark(t);
      expect(stateCounts(h).entries, `contents at watermark ${t}`).toBe(1);
    }
    h.processWatermark(2000);
    expect(stateCounts(h).entries).toBe(0);
    h.processWatermark(5000);
    expectOutput(h.elements(), [1599, 1699, 1799, 1999, 2000, 5000].map(wm));
  });
});

describe('cleanup time near the end of time', () => {
  it('does not wrap around: the window fires at its end and is not cleaned up early', () => {
    const create = () =>
      windowOperatorHarness<Pair, Pair, string, TimeWindow>({
        keySelector: byKey,
        assigner: TumblingEventTimeWindows.of(1_000) as WindowAssigner<Pair, TimeWindow>,
        allowedLateness: 2_000,
        reduce: sumPairs,
      });
    const timestamp = MAX_TIMESTAMP - 1750;
    const window = (TumblingEventTimeWindows.of(1_000).assignWindows(null, timestamp, { currentProcessingTime: () => 0 }) as TimeWindow[])[0]!;
    expect(window.maxTimestamp()).toBeGreaterThan(MAX_TIMESTAMP - 1500);
    const steps = [el<Pair>(['key2', 1], timestamp), toWm<Pair>(MAX_TIMESTAMP - 1500), toWm<Pair>(window.maxTimestamp())];
    const out = expectSameOutputAcrossRestores(create, steps);
    expectOutput(out.main, [wm(MAX_TIMESTAMP - 1500), rec<Pair>(['key2', 1], window.maxTimestamp()), wm(window.maxTimestamp())]);
  });
});
