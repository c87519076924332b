import { expect } from 'vitest';
import { ProcessingTimeService } from '../../src/runtime/processing-time-service.js';
import { HeapKeyedStateBackend } from '../../src/state/heap/heap-keyed-state-backend.js';
import { KeyGroupRange } from '../../src/state/key-group-range.js';
import type { KeyedStateSnapshot } from '../../src/state/keyed-state-snapshot.js';
import type { NamespaceKey, NamespaceSerializer } from '../../src/state/namespace-serializer.js';
import type { StateDescriptor } from '../../src/state/state-descriptor.js';
import { InternalTimerService } from '../../src/time/internal-timer-service.js';
import type { InternalTimer } from '../../src/time/internal-timer.js';
import { ManualClock } from '../../src/time/manual-clock.js';
import type { Millis } from '../../src/time/time-types.js';
import type { OnMergeContext, Trigger, TriggerContext } from '../../src/windowing/triggers/trigger.js';
import type { TriggerResult } from '../../src/windowing/triggers/trigger-result.js';
import { TimeWindow } from '../../src/windowing/windows/time-window.js';
import type { Window } from '../../src/windowing/windows/window.js';

// TimeWindow caches its key lazily, so two equal windows can differ in a field: compare them by bounds.
expect.addEqualityTesters([
  (a: unknown, b: unknown) => (a instanceof TimeWindow && b instanceof TimeWindow ? a.equals(b) : undefined),
]);

/** One timer that fired, with what the trigger answered. */
export interface FiredTimer<W> {
  readonly window: W;
  readonly time: Millis;
  readonly result: TriggerResult;
}

/** Options of {@link TriggerTestContext}. */
export interface TriggerTestContextOptions<W> {
  readonly namespaces: NamespaceSerializer<W>;
  /** Processing time to start at. Default 0. */
  readonly processingTime?: Millis;
  /** A snapshot taken with {@link TriggerTestContext.snapshot} to restore before the first call. */
  readonly restoreFrom?: KeyedStateSnapshot;
}

const KEY = 1;
const MAX_PARALLELISM = 128;
const TIMERS = 'trigger-timers';
const EVENT_TIME = 0;
const PROCESSING_TIME = 1;
type TimerRow = readonly [domain: number, key: unknown, namespace: NamespaceKey, time: Millis];
type StateRow = readonly [key: unknown, namespace: NamespaceKey, value: unknown];

/**
 * Drives one trigger for one fixed key on real parts (Flink's
 * TriggerTestHarness, without mocks): partitioned state in a
 * {@link HeapKeyedStateBackend}, timers in an {@link InternalTimerService}
 * whose processing time runs on a {@link ManualClock}. Timers that fire call
 * the trigger and are returned with its answer. Counting helpers read the
 * backend's snapshot, so they see what a checkpoint would.
 */
export class TriggerTestContext<T, W extends Window> {
  readonly backend = new HeapKeyedStateBackend({
    keyGroupRange: KeyGroupRange.all(MAX_PARALLELISM),
    maxParallelism: MAX_PARALLELISM,
  });
  readonly clock: ManualClock;
  private readonly namespaces: NamespaceSerializer<W>;
  private readonly timers: InternalTimerService<W>;
  private fired: FiredTimer<W>[] = [];
  private readonly errors: unknown[] = [];

  constructor(
    readonly trigger: Trigger<T, W>,
    options: TriggerTestContextOptions<W>,
  ) {
    this.namespaces = options.namespaces;
    this.clock = new ManualClock(options.processingTime ?? 0);
    const processingTime = new ProcessingTimeService(this.clock, (error) => this.errors.push(error));
    const triggerable = {
      onEventTime: (timer: InternalTimer<W>) => this.fire(timer, (w, ctx) => trigger.onEventTime(timer.time, w, ctx)),
      onProcessingTime: (timer: InternalTimer<W>) =>
        this.fire(timer, (w, ctx) => trigger.onProcessingTime(timer.time, w, ctx)),
    };
    this.timers = new InternalTimerService<W>(TIMERS, this.backend, this.namespaces, triggerable, processingTime);
    if (options.restoreFrom !== undefined) this.backend.restore([options.restoreFrom]);
    this.backend.setCurrentKey(KEY);
    this.timers.start();
  }

  /** A real TriggerContext of the fixed key, scoped to `window`. */
  contextFor(window: W): TriggerContext {
    const { timers, backend, namespaces } = this;
    return {
      currentProcessingTime: () => timers.currentProcessingTime(),
      currentWatermark: () => timers.currentWatermark(),
      registerEventTimeTimer: (time) => timers.registerEventTimeTimer(window, time),
      registerProcessingTimeTimer: (time) => timers.registerProcessingTimeTimer(window, time),
      deleteEventTimeTimer: (time) => timers.deleteEventTimeTimer(window, time),
      deleteProcessingTimeTimer: (time) => timers.deleteProcessingTimeTimer(window, time),
      getPartitionedState: <S>(descriptor: StateDescriptor<S>): S => {
        const state = backend.getNamespacedState(descriptor, namespaces);
        state.setCurrentNamespace(window);
        return state;
      },
    };
  }

  /** The context of `onMerge(target)`: merges the state of `merged` into `target` like the window operator. */
  mergeContextFor(target: W, merged: readonly W[]): OnMergeContext {
    return {
      ...this.contextFor(target),
      mergePartitionedState: (descriptor) => {
        this.backend.getNamespacedState(descriptor, this.namespaces).mergeNamespaces(target, merged);
      },
    };
  }

  /** Calls `onElement` for `window`; returns the trigger's answer. */
  processElement(element: T, timestamp: Millis, window: W): TriggerResult {
    this.backend.setCurrentKey(KEY);
    return this.trigger.onElement(element, timestamp, window, this.contextFor(window));
  }

  /** Advances the watermark; returns every timer that fired (in time order), with the trigger's answers. */
  advanceWatermark(watermark: Millis): FiredTimer<W>[] {
    return this.collect(() => this.timers.advanceWatermark(watermark));
  }

  /** Moves processing time to `time`; returns every timer that fired, with the trigger's answers. */
  setProcessingTime(time: Millis): FiredTimer<W>[] {
    return this.collect(() => this.clock.advanceTo(time));
  }

  /** Calls `onEventTime(time, window)` as a timer of the window would (e.g. a cleanup timer the trigger did not set). */
  invokeOnEventTime(time: Millis, window: W): TriggerResult {
    this.backend.setCurrentKey(KEY);
    return this.trigger.onEventTime(time, window, this.contextFor(window));
  }

  /** Merges like the window operator: `onMerge(target)`, then `clear` for each merged-away window. */
  mergeWindows(target: W, merged: readonly W[]): void {
    this.backend.setCurrentKey(KEY);
    this.trigger.onMerge!(target, this.mergeContextFor(target, merged));
    for (const window of merged) this.clearTriggerState(window);
  }

  /** Calls `clear(window)`. */
  clearTriggerState(window: W): void {
    this.backend.setCurrentKey(KEY);
    this.trigger.clear(window, this.contextFor(window));
  }

  /** Pending event-time timers, of `window` or all. */
  numEventTimeTimers(window?: W): number {
    return window === undefined ? this.timers.pendingCount.eventTime : this.timerRows(EVENT_TIME, window).length;
  }

  /** Pending processing-time timers, of `window` or all. */
  numProcessingTimeTimers(window?: W): number {
    return window === undefined ? this.timers.pendingCount.processingTime : this.timerRows(PROCESSING_TIME, window).length;
  }

  /** Times of the pending event-time timers of `window`, ascending. */
  eventTimeTimers(window: W): Millis[] {
    return this.timerRows(EVENT_TIME, window).map((row) => row[3]).sort((a, b) => a - b);
  }

  /** Times of the pending processing-time timers of `window`, ascending. */
  processingTimeTimers(window: W): Millis[] {
    return this.timerRows(PROCESSING_TIME, window).map((row) => row[3]).sort((a, b) => a - b);
  }

  /** Keyed state entries (over every state), of `window` or all. */
  numStateEntries(window?: W): number {
    const rows = this.stateRows();
    return window === undefined ? rows.length : rows.filter((row) => row[1] === this.namespaces.toKey(window)).length;
  }

  /** A checkpoint of trigger state and timers, for {@link TriggerTestContextOptions.restoreFrom}. */
  snapshot(): KeyedStateSnapshot {
    return this.backend.snapshot();
  }

  private fire(timer: InternalTimer<W>, call: (window: W, ctx: TriggerContext) => TriggerResult): void {
    const result = call(timer.namespace, this.contextFor(timer.namespace));
    this.fired.push({ window: timer.namespace, time: timer.time, result });
  }

  private collect(advance: () => void): FiredTimer<W>[] {
    this.fired = [];
    advance();
    this.backend.setCurrentKey(KEY);
    if (this.errors.length > 0) throw this.errors.shift();
    return this.fired;
  }

  private timerRows(domain: number, window: W): TimerRow[] {
    const namespace = this.namespaces.toKey(window);
    return this.snapshot()
      .keyGroups.flatMap((group) => group.sections)
      .filter((section) => section.name === `timers/${TIMERS}`)
      .flatMap((section) => section.rows as readonly TimerRow[])
      .filter((row) => row[0] === domain && row[2] === namespace);
  }

  private stateRows(): StateRow[] {
    return this.snapshot()
      .keyGroups.flatMap((group) => group.states)
      .flatMap((state) => state.rows as readonly StateRow[]);
  }
}
