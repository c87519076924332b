import type { OutputTag } from '../../../../src/api/output-tag.js';
import type { OperatorSnapshot } from '../../../../src/runtime/operator-snapshot.js';
import type { KeyedOperatorHarness } from '../../../../src/testing/keyed-operator-harness.js';
import { windowOperatorHarness } from '../../../../src/testing/window-operator-harness.js';
import type { Millis } from '../../../../src/time/time-types.js';
import type { MergingWindowAssigner, WindowAssigner } from '../../../../src/windowing/assigners/window-assigner.js';
import type { ProcessWindowContext, ProcessWindowFunction } from '../../../../src/windowing/functions/process-window-function.js';
import type { OnMergeContext, Trigger, TriggerContext } from '../../../../src/windowing/triggers/trigger.js';
import type { TriggerResult } from '../../../../src/windowing/triggers/trigger-result.js';
import { TimeWindow } from '../../../../src/windowing/windows/time-window.js';
import { ValueStateDescriptor } from '../../../../src/state/state-descriptor.js';
import type { Window } from '../../../../src/windowing/windows/window.js';
import { stateCounts } from './window-test-support.js';

// Real, scriptable stand-ins for the mocks of Flink's WindowOperatorContractTest: an assigner that
// returns whatever windows the test sets, a trigger whose answers the test sets and that records
// every call, and a window function that records what it was given.

/** Trigger state the scripted triggers write, like Flink's "string-state". */
export const TRIGGER_STATE = new ValueStateDescriptor<string>({ name: 'string-state' });

/** An assigner of the windows in `windows` (Flink's mock assigner). */
export class ScriptedAssigner<W extends Window = TimeWindow> implements WindowAssigner<number, W> {
  windows: readonly W[] = [];
  readonly calls: [element: number, timestamp: Millis][] = [];
  readonly namespaces = TimeWindow.namespaces as unknown as WindowAssigner<number, W>['namespaces'];

  constructor(readonly isEventTime: boolean = true) {}

  assignWindows(element: number, timestamp: Millis): readonly W[] {
    this.calls.push([element, timestamp]);
    return this.windows;
  }

  defaultTrigger(): Trigger<number, W> {
    return new ScriptedTrigger<W>();
  }
}

/** A merging assigner that merges only what `merges` says (Flink's mock merging assigner merges nothing). */
export class ScriptedMergingAssigner extends ScriptedAssigner<TimeWindow> implements MergingWindowAssigner<number, TimeWindow> {
  readonly merging = true;
  readonly mergeCalls: TimeWindow[][] = [];
  /** Answer of the next mergeWindows calls: groups to merge and their result. */
  merges: { group: readonly TimeWindow[]; result: TimeWindow }[] = [];

  mergeWindows(windows: readonly TimeWindow[], merge: (toBeMerged: readonly TimeWindow[], result: TimeWindow) => void): void {
    this.mergeCalls.push([...windows]);
    for (const { group, result } of this.merges) merge(group, result);
  }
}

type Answer<A extends unknown[]> = (...args: A) => TriggerResult;

/** A trigger whose answers the test scripts; records every call. */
export class ScriptedTrigger<W extends Window = TimeWindow> implements Trigger<number, W> {
  onElementDo: Answer<[element: number, timestamp: Millis, window: W, ctx: TriggerContext]> = () => 'CONTINUE';
  onEventTimeDo: Answer<[time: Millis, window: W, ctx: TriggerContext]> = () => 'CONTINUE';
  onProcessingTimeDo: Answer<[time: Millis, window: W, ctx: TriggerContext]> = () => 'CONTINUE';
  onMergeDo: (window: W, ctx: OnMergeContext) => void = () => {};
  clearDo: (window: W, ctx: TriggerContext) => void = () => {};
  readonly calls = {
    onElement: [] as [number, Millis, W][],
    onEventTime: [] as [Millis, W][],
    onProcessingTime: [] as [Millis, W][],
    onMerge: [] as W[],
    clear: [] as W[],
  };

  onElement(element: number, timestamp: Millis, window: W, ctx: TriggerContext): TriggerResult {
    this.calls.onElement.push([element, timestamp, window]);
    return this.onElementDo(element, timestamp, window, ctx);
  }

  onEventTime(time: Millis, window: W, ctx: TriggerContext): TriggerResult {
    this.calls.onEventTime.push([time, window]);
    return this.onEventTimeDo(time, window, ctx);
  }

  onProcessingTime(time: Millis, window: W, ctx: TriggerContext): TriggerResult {
    this.calls.onProcessingTime.push([time, window]);
    return this.onProcessingTimeDo(time, window, ctx);
  }

  canMerge(): boolean {
    return true;
  }

  onMerge(window: W, ctx: OnMergeContext): void {
    this.calls.onMerge.push(window);
    this.onMergeDo(window, ctx);
  }

  clear(window: W, ctx: TriggerContext): void {
    this.calls.clear.push(window);
    this.clearDo(window, ctx);
  }
}

/** One call of the recording window function. */
export interface Evaluation<W> {
  readonly key: number;
  readonly window: W;
  readonly elements: readonly number[];
}

/** A window function that records its calls and runs `onProcess` / `onClear` (Flink's mock InternalWindowFunction). */
export class RecordingFunction<OUT = never, W extends Window = TimeWindow> implements ProcessWindowFunction<number, OUT, number, W> {
  readonly evaluations: Evaluation<W>[] = [];
  readonly cleared: W[] = [];
  onProcess: (ctx: ProcessWindowContext<W>, elements: readonly number[], out: { collect(v: OUT): void }) => void = () => {};
  onClear: (ctx: ProcessWindowContext<W>) => void = () => {};

  process(key: number, ctx: ProcessWindowContext<W>, elements: readonly number[], out: { collect(v: OUT): void }): void {
    this.evaluations.push({ key, window: ctx.window, elements: [...elements] });
    this.onProcess(ctx, elements, out);
  }

  clear(ctx: ProcessWindowContext<W>): void {
    this.cleared.push(ctx.window);
    this.onClear(ctx);
  }
}

/** Flink's createWindowOperator of the contract test: identity key, list contents. */
export function contractHarness<OUT = never, W extends Window = TimeWindow>(options: {
  assigner: WindowAssigner<number, W>;
  trigger: Trigger<number, W>;
  fn: RecordingFunction<OUT, W>;
  allowedLateness?: Millis;
  lateDataTag?: OutputTag<number>;
  restoreFrom?: OperatorSnapshot;
}): KeyedOperatorHarness<number, OUT> {
  // The recording function keeps its calls on the object: evaluate on the template itself.
  const fn = options.fn;
  return windowOperatorHarness<number, OUT, number, W>({
    keySelector: (n: number) => n,
    assigner: options.assigner,
    trigger: options.trigger,
    allowedLateness: options.allowedLateness,
    lateDataTag: options.lateDataTag,
    restoreFrom: options.restoreFrom,
    process: {
      process: (key, ctx, elements, out) => fn.process(key, ctx, elements, out),
      clear: (ctx) => fn.clear(ctx),
    },
  });
}

/** Flink's TimeDomainAdaptor: the same contract in event time and in processing time. */
export interface TimeDomain {
  readonly name: 'event time' | 'processing time';
  readonly isEventTime: boolean;
  advance(h: KeyedOperatorHarness<number, unknown>, time: Millis): void;
  register(ctx: TriggerContext, time: Millis): void;
  delete(ctx: TriggerContext, time: Millis): void;
  timers(h: KeyedOperatorHarness<number, unknown>): number;
  otherTimers(h: KeyedOperatorHarness<number, unknown>): number;
  /** Scripts the trigger's answer to its timers in this domain. */
  onTime(trigger: ScriptedTrigger<TimeWindow>, answer: Answer<[Millis, TimeWindow, TriggerContext]>): void;
  /** The trigger's timer calls in this domain. */
  timerCalls(trigger: ScriptedTrigger<TimeWindow>): [Millis, TimeWindow][];
}

export const EVENT_TIME: TimeDomain = {
  name: 'event time',
  isEventTime: true,
  advance: (h, time) => void h.processWatermark(time),
  register: (ctx, time) => ctx.registerEventTimeTimer(time),
  delete: (ctx, time) => ctx.deleteEventTimeTimer(time),
  timers: (h) => stateCounts(h).eventTimers,
  otherTimers: (h) => stateCounts(h).processingTimers,
  onTime: (trigger, answer) => void (trigger.onEventTimeDo = answer),
  timerCalls: (trigger) => trigger.calls.onEventTime,
};

export const PROCESSING_TIME: TimeDomain = {
  name: 'processing time',
  isEventTime: false,
  advance: (h, time) => void h.setProcessingTime(time),
  register: (ctx, time) => ctx.registerProcessingTimeTimer(time),
  delete: (ctx, time) => ctx.deleteProcessingTimeTimer(time),
  timers: (h) => stateCounts(h).processingTimers,
  otherTimers: (h) => stateCounts(h).eventTimers,
  onTime: (trigger, answer) => void (trigger.onProcessingTimeDo = answer),
  timerCalls: (trigger) => trigger.calls.onProcessingTime,
};

export const TIME_DOMAINS = [EVENT_TIME, PROCESSING_TIME] as const;

/** Time windows from `[start, end)` pairs. */
export const windows = (...bounds: [number, number][]): TimeWindow[] => bounds.map(([s, e]) => new TimeWindow(s, e));
