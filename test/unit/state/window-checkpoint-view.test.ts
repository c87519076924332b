import { describe, expect, it } from 'vitest';
import type { OperatorSnapshot } from '../../../src/runtime/operator-snapshot.js';
import type { KeyedStateBackend } from '../../../src/state/keyed-state-backend.js';
import type { EncodedKeyedView } from '../../../src/state/snapshot/decode-keyed-checkpoint.js';
import { decodeKeyedCheckpoint } from '../../../src/state/snapshot/decode-keyed-checkpoint.js';
import type { KeyedOperatorHarness } from '../../../src/testing/keyed-operator-harness.js';
import { windowOperatorHarness } from '../../../src/testing/window-operator-harness.js';
import { EventTimeSessionWindows } from '../../../src/windowing/assigners/event-time-session-windows.js';
import { TumblingEventTimeWindows } from '../../../src/windowing/assigners/tumbling-event-time-windows.js';
import type { TimeWindow } from '../../../src/windowing/windows/time-window.js';
import { persistView } from '../../support/keyed-views.js';

type Event = [key: string, value: number];

const harnesses: Record<string, () => KeyedOperatorHarness<Event, unknown>> = {
  'tumbling windows with lateness (explicit timers)': () =>
    windowOperatorHarness<Event, Event>({
      keySelector: ([key]) => key,
      assigner: TumblingEventTimeWindows.of(1_000),
      allowedLateness: 500,
      reduce: (a, b) => [a[0], a[1] + b[1]],
    }),
  'session windows (merging, list contents)': () =>
    windowOperatorHarness<Event, string, string, TimeWindow>({
      keySelector: ([key]) => key,
      assigner: EventTimeSessionWindows.withGap(300),
      process: {
        process: (key, ctx, elements, out) => out.collect(`${String(key)}@${ctx.window.start}: ${[...elements].map((e) => e[1]).join(',')}`),
      },
    }),
};

/** Deterministic input: `n` elements for 7 keys from time `from` on, then a watermark. */
function feed(h: KeyedOperatorHarness<Event, unknown>, from: number, n: number): void {
  for (let i = 0; i < n; i++) h.processElement([`k${i % 7}`, from + i], from + i * 37);
  h.processWatermark(from + n * 37 - 700);
}

describe.each(Object.entries(harnesses))('a window operator restored from checkpoint views: %s', (_name, create) => {
  it('behaves like one restored from a deep snapshot taken at the same point, through a full view and deltas', async () => {
    const h = create();
    const backend = h.keyedBackend as KeyedStateBackend;
    const chain: EncodedKeyedView[] = [];
    const references: OperatorSnapshot[] = [];
    let from = 0;
    for (let id = 1; id <= 3; id++) {
      feed(h, from, 60);
      from += 60 * 37;
      references.push(h.snapshot());
      const view = backend.checkpointView(id, { incremental: true, compactEvery: 10 });
      expect(view.kind).toBe(id === 1 ? 'full' : 'delta');
      // Keep processing (windows fire, sessions merge) before the view is encoded.
      feed(h, from, 20);
      chain.push(await persistView(view, 512));
      from += 20 * 37;
    }
    const run = (snapshot: OperatorSnapshot) => {
      const r = h.restoreFresh(snapshot);
      feed(r, 50_000, 40);
      r.endInput();
      return r.records();
    };
    const fromViews = (upTo: number) => run({ uid: 'operator-under-test', subtaskIndex: 0, keyed: decodeKeyedCheckpoint(chain.slice(0, upTo)) });
    for (let upTo = 1; upTo <= 3; upTo++) {
      const expected = run(references[upTo - 1]!);
      expect(fromViews(upTo)).toEqual(expected);
      // The comparison can fail: one view fewer gives other results.
      if (upTo > 1) expect(fromViews(upTo - 1)).not.toEqual(expected);
    }
  });
});
