import { describe, expect, it } from 'vitest';
import { EventTimeSessionWindows } from '../../../../src/windowing/assigners/event-time-session-windows.js';
import { GlobalWindows } from '../../../../src/windowing/assigners/global-windows.js';
import { ProcessingTimeSessionWindows } from '../../../../src/windowing/assigners/processing-time-session-windows.js';
import { SlidingEventTimeWindows } from '../../../../src/windowing/assigners/sliding-event-time-windows.js';
import { SlidingProcessingTimeWindows } from '../../../../src/windowing/assigners/sliding-processing-time-windows.js';
import { TumblingEventTimeWindows } from '../../../../src/windowing/assigners/tumbling-event-time-windows.js';
import { TumblingProcessingTimeWindows } from '../../../../src/windowing/assigners/tumbling-processing-time-windows.js';
import type { MergingWindowAssigner, WindowAssigner } from '../../../../src/windowing/assigners/window-assigner.js';
import type { GlobalWindow } from '../../../../src/windowing/windows/global-window.js';
import type { TimeWindow } from '../../../../src/windowing/windows/time-window.js';

interface Click {
  user: string;
  premium: boolean;
}

describe('assigners and element types', () => {
  it('fit a stream of any element type (checked by the compiler)', () => {
    const assigners: Array<WindowAssigner<Click, TimeWindow>> = [
      TumblingEventTimeWindows.of(1000),
      TumblingProcessingTimeWindows.of(1000),
      SlidingEventTimeWindows.of(1000, 100),
      SlidingProcessingTimeWindows.of(1000, 100),
    ];
    const sessions: Array<MergingWindowAssigner<Click, TimeWindow>> = [
      EventTimeSessionWindows.withGap(1000),
      ProcessingTimeSessionWindows.withGap(1000),
      EventTimeSessionWindows.withDynamicGap((click: Click) => (click.premium ? 60_000 : 10_000)),
      ProcessingTimeSessionWindows.withDynamicGap((click: Click) => (click.premium ? 60_000 : 10_000)),
    ];
    const global: WindowAssigner<Click, GlobalWindow> = GlobalWindows.create();
    expect(assigners.length + sessions.length + (global ? 1 : 0)).toBe(9);
  });

  it('describe themselves with their parameters', () => {
    expect(String(TumblingEventTimeWindows.of(5000, -100))).toBe('TumblingEventTimeWindows(5000, offset=-100, stagger=ALIGNED)');
    expect(String(SlidingProcessingTimeWindows.of(5000, 1000))).toBe('SlidingProcessingTimeWindows(5000, 1000, offset=0)');
    expect(String(EventTimeSessionWindows.withGap(3000))).toBe('EventTimeSessionWindows(3000)');
    expect(String(ProcessingTimeSessionWindows.withDynamicGap(() => 1))).toBe('ProcessingTimeSessionWindows(dynamic gap)');
    expect(String(GlobalWindows.create())).toBe('GlobalWindows()');
  });
});
