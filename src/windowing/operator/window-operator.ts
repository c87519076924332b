import type { KeySelector } from '../../api/functions.js';
import type { Collector } from '../../api/collector.js';
import { BaseOperator } from '../../runtime/operators/base-operator.js';
import { StreamRecord, type Watermark } from '../../runtime/stream-element.js';
import type { Counter } from '../../runtime/operator-metrics.js';
import type { InternalKeyedState } from '../../state/internal-keyed-state.js';
import type { KeyedStateBackend } from '../../state/keyed-state-backend.js';
import type { MapState } from '../../state/keyed-state.js';
import type { NamespaceKey } from '../../state/namespace-serializer.js';
import { MapStateDescriptor } from '../../state/state-descriptor.js';
import { InternalTimerService } from '../../time/internal-timer-service.js';
import type { InternalTimer, Triggerable } from '../../time/internal-timer.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP, saturatingAdd, type Millis } from '../../time/time-types.js';
import { isMergingAssigner, type MergingWindowAssigner, type WindowAssigner } from '../assigners/window-assigner.js';
import type { InternalWindowFunction } from '../functions/internal-window-function.js';
import { isFire, isPurge, type TriggerResult } from '../triggers/trigger-result.js';
import type { Window } from '../windows/window.js';
import { SlidingEventTimeWindows } from '../assigners/sliding-event-time-windows.js';
import { AggregatingStateDescriptor } from '../../state/state-descriptor.js';
import type { Key } from '../../state/key-encoding.js';
import type { OperatorSnapshot } from '../../runtime/operator-snapshot.js';
import { isEmptyKeyedState } from '../../state/encoded-keyed-state.js';
import { TimeWindow } from '../windows/time-window.js';
import { hasPaneLayout, SlidingPanes, type PaneAdd, type PaneMerge } from './sliding-panes.js';
import { StateError } from '../../errors/state-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { IMPLICIT_TIMERS_MARKER, ImplicitWindowTimers, isImplicitTimersMarker } from './implicit-window-timers.js';
import { EvictingEmitter } from './evicting-emitter.js';
import { MergingWindowSet } from './merging-window-set.js';
import type { WindowContents } from './window-contents.js';
import { WindowContext } from './window-context.js';
import type { WindowOperatorOptions } from './window-operator-options.js';
import { UnsupportedMergeError } from './unsupported-merge-error.js';

/** Name of the counter of late elements dropped (no late-data tag). */
export const LATE_RECORDS_DROPPED = 'numLateRecordsDropped';

/**
 * Flink's WindowOperator (and EvictingWindowOperator): assigns each element
 * to windows, keeps their contents as keyed state per (key, window), asks
 * the trigger when to evaluate, emits results stamped `window.maxTimestamp()`,
 * handles allowed lateness, late data, cleanup and merging windows. Window
 * contents, trigger state, the merging-window sets and timers are all keyed
 * state, so they checkpoint and restore with the operator.
 */
export class WindowOperator<IN, CONTENTS, OUT, K, W extends Window>
  extends BaseOperator<IN, OUT>
  implements Triggerable<W>, Collector<OUT>
{
  private timers!: InternalTimerService<W>;
  private windowState!: InternalKeyedState<W>;
  private mergingState: MapState<NamespaceKey, NamespaceKey> | undefined;
  private ctx!: WindowContext<IN, W>;
  private fn!: InternalWindowFunction<CONTENTS, OUT, K, W>;
  private emitter: EvictingEmitter<IN, CONTENTS, W> | undefined;
  private lateDropped!: Counter;
  private where = '';
  /** The keyed backend, kept in a field: the per-element path reads it without the base class's check. */
  private backend!: KeyedStateBackend;
  private outputTimestamp: Millis = MIN_TIMESTAMP;
  private readonly merging: MergingWindowAssigner<IN, W> | undefined;
  // Hot-path copies of options fields.
  private readonly keySelector: KeySelector<IN>;
  private readonly assigner: WindowAssigner<IN, W>;
  private readonly contents: WindowContents<IN>;
  private readonly isEventTime: boolean;
  private readonly lateness: Millis;
  /** EventTimeTrigger re-registers the same timer for every element of a window: skip it once the window has contents. */
  private readonly eventTimeFastPath: boolean;
  /**
   * With EventTimeTrigger and no allowed lateness, every (key, window) with
   * contents has exactly one pending timer, at the window's max timestamp,
   * which fires it and cleans it up. Those timers are implicit: the operator
   * tracks windows, not per-key timers, and evaluates a whole window at once
   * when the watermark passes it (results between two watermarks are a
   * multiset, so the order across keys is free). Snapshots still contain
   * them as ordinary timers.
   */
  private readonly implicitTimers: boolean;
  private implicit: ImplicitWindowTimers<W> | undefined;
  private readonly mergingSets = new Map<unknown, MergingWindowSet<W>>();
  /** Sliding windows with aggregate() share work through panes (see SlidingPanes). */
  private panes: SlidingPanes | undefined;

  constructor(private readonly options: WindowOperatorOptions<IN, CONTENTS, OUT, K, W>) {
    super();
    this.merging = isMergingAssigner(options.assigner) ? options.assigner : undefined;
    this.keySelector = options.keySelector;
    this.assigner = options.assigner;
    this.contents = options.contents;
    this.isEventTime = options.assigner.isEventTime;
    this.lateness = options.allowedLateness;
    this.eventTimeFastPath =
      (options.trigger as { kind?: string }).kind === 'event-time' && this.merging === undefined && options.evictor === undefined;
    this.implicitTimers = this.eventTimeFastPath && options.allowedLateness === 0 && options.assigner.isEventTime;
  }

  override setup(context: Parameters<BaseOperator<IN, OUT>['setup']>[0]): void {
    super.setup(context);
    const { assigner } = this.options;
    const backend = this.keyed;
    this.backend = backend;
    this.where = `The key selector of '${context.uid}'`;
    this.windowState = backend.getNamespacedState(this.options.contents.descriptor, assigner.namespaces);
    this.timers = new InternalTimerService<W>('window-timers', backend, assigner.namespaces, this, context.processingTime);
    this.ctx = new WindowContext<IN, W>(backend, assigner.namespaces, this.timers, this.out, this.merging !== undefined);
    if (this.merging !== undefined) {
      this.mergingState = backend.getState(new MapStateDescriptor<NamespaceKey, NamespaceKey>('merging-window-set'));
    }
    this.lateDropped = context.metrics.counter(LATE_RECORDS_DROPPED);
    if (this.implicitTimers) {
      this.implicit = new ImplicitWindowTimers(this.windowState);
    }
    const descriptor = this.contents.descriptor;
    if (
      this.implicitTimers &&
      this.assigner instanceof SlidingEventTimeWindows &&
      SlidingPanes.fits(this.assigner.size, this.assigner.slide) &&
      descriptor instanceof AggregatingStateDescriptor
    ) {
      const { size, slide, offset } = this.assigner;
      this.panes = new SlidingPanes({ size, slide, offset }, backend, this.contents.add as PaneAdd, descriptor.aggregate as PaneMerge);
    }
  }

  override initializeState(snapshot: OperatorSnapshot | undefined): void {
    super.initializeState(snapshot);
    const restoresKeyedState = snapshot?.keyed !== undefined && !isEmptyKeyedState(snapshot.keyed);
    if (this.panes !== undefined && restoresKeyedState) {
      this.panes.restore(snapshot!.operatorState, this.context.uid);
    } else if (this.panes === undefined && restoresKeyedState && hasPaneLayout(snapshot!.operatorState)) {
      throw new StateError(
        ErrorCodes.STATE_RESTORE_FAILED,
        `Operator '${this.context.uid}' evaluates its windows one by one, but the snapshot holds sliding windows kept as panes ` +
          '(taken with SlidingEventTimeWindows, the default trigger, no allowed lateness and aggregate()). Pane state cannot ' +
          'be turned into per-window state: restore with that window definition, or give the operator a new uid to start it empty.',
      );
    } else if (isImplicitTimersMarker(snapshot?.operatorState)) {
      this.restoreImplicitTimers();
    }
  }

  protected override snapshotOperatorState(): unknown {
    if (this.panes !== undefined) return this.panes.snapshot();
    // Each (key, window) with contents has its timer at the window's max timestamp: the contents
    // are the timers, so a snapshot records that instead of copying a timer per entry.
    return this.implicit !== undefined ? IMPLICIT_TIMERS_MARKER : undefined;
  }

  /**
   * Rebuilds the timers a snapshot left implicit in its window contents (now
   * restored): as tracked windows when this operator keeps them implicit too,
   * else as one event-time timer per (key, window) at the window's max timestamp.
   */
  private restoreImplicitTimers(): void {
    const state = this.windowState;
    const namespaces = this.options.assigner.namespaces;
    this.keyed.forEachNamespace(state.name, (namespace) => {
      const window = namespaces.fromKey(namespace);
      if (this.implicit !== undefined) {
        this.implicit.track(window);
        return;
      }
      state.forEachInNamespace(window, (key, keyHash) => {
        this.keyed.setCurrentKeyAndHash(key, keyHash);
        this.timers.registerEventTimeTimer(window, window.maxTimestamp());
      });
    });
  }

  override open(): void {
    const runtime = this.runtimeContext();
    this.fn = this.options.createFunction();
    this.fn.open(runtime);
    if (this.options.evictor !== undefined) {
      this.emitter = new EvictingEmitter(this.options.evictor, this.options.foldEvicted!, this.ctx);
    }
    this.timers.start();
    this.panes?.start();
  }

  processElement(record: StreamRecord<IN>): void {
    const { trigger } = this.options;
    const assigner = this.assigner;
    const contents = this.contents;
    this.backend.setCurrentKey(this.keySelector(record.value), this.where);
    const watermark = this.timers.currentWatermark();
    if (this.panes !== undefined) {
      // The assigner rejects a record without a timestamp; panes skip it otherwise.
      if (!(record.timestamp > MIN_TIMESTAMP)) assigner.assignWindows(record.value, record.timestamp, this.ctx);
      // Not added means late for every window of its pane (also for windows that fired before a restore).
      if (!this.panes.addElement(record.value, record.timestamp, watermark)) this.lateElement(record);
      return;
    }
    const windows = assigner.assignWindows(record.value, record.timestamp, this.ctx);
    const timestamp = record.timestamp === MIN_TIMESTAMP ? undefined : record.timestamp;
    let skipped = true;

    if (this.merging !== undefined) {
      const set = this.mergingSet();
      for (const window of windows) {
        const actual = set.addWindow(window, this.onMerge);
        if (this.isWindowLate(actual)) {
          set.retireWindow(actual);
          continue;
        }
        skipped = false;
        const stateWindow = set.getStateWindow(actual)!;
        this.windowState.setCurrentNamespace(stateWindow);
        this.windowState.updateInternal(contents.add(this.windowState.getInternal(), record.value, timestamp));
        this.ctx.window = actual;
        this.react(trigger.onElement(record.value, record.timestamp, actual, this.ctx), actual, stateWindow);
        this.registerCleanupTimer(actual);
      }
      this.persistMergingSet(set);
    } else {
      const implicit = this.implicitTimers;
      for (let i = 0; i < windows.length; i++) {
        const window = windows[i]!;
        // With implicit timers the lateness is 0 and the time is event time: late means due.
        if (implicit ? window.maxTimestamp() <= watermark : this.isWindowLate(window)) continue;
        skipped = false;
        const state = this.windowState;
        state.setCurrentNamespace(window);
        const existing = state.addInternal(contents.add, record.value, timestamp);
        if (implicit) {
          // Lateness 0: a window that is due was dropped as late above, so nothing fires here.
          if (existing === undefined) this.implicit!.track(window);
          continue;
        }
        if (this.eventTimeFastPath && existing !== undefined && window.maxTimestamp() > watermark) {
          // What EventTimeTrigger.onElement does: its timer may have fired already (the window fired
          // within allowed lateness, then a restore reset the watermark), so register it again.
          this.timers.registerEventTimeTimer(window, window.maxTimestamp());
          continue;
        }
        this.ctx.window = window;
        this.react(trigger.onElement(record.value, record.timestamp, window, this.ctx), window, window);
        this.registerCleanupTimer(window);
      }
    }

    if (skipped && this.isElementLate(record)) this.lateElement(record);
  }

  /** Sends a late record to the late-data side output, or drops and counts it. */
  private lateElement(record: StreamRecord<IN>): void {
    if (this.options.lateDataTag !== undefined) this.out.collectSide(this.options.lateDataTag, record);
    else this.lateDropped.inc();
  }

  override processWatermark(watermark: Watermark): void {
    this.timers.advanceWatermark(watermark.timestamp);
    if (this.panes !== undefined) this.panes.fire(watermark.timestamp, this.emitPaneWindow);
    else if (this.implicitTimers) this.fireImplicit(watermark.timestamp);
    this.out.emitWatermark(watermark);
  }

  private readonly emitPaneWindow = (key: Key, window: TimeWindow, accumulator: unknown): void => {
    const w = window as unknown as W;
    this.outputTimestamp = window.maxTimestamp();
    this.ctx.window = w;
    this.ctx.outputTimestamp = this.outputTimestamp;
    this.fn.process(key as K, this.ctx, accumulator as CONTENTS, this);
    this.fn.clear(this.ctx);
  };

  /** Evaluates and cleans up every tracked window whose max timestamp the watermark reached, oldest first. */
  private fireImplicit(watermark: Millis): void {
    const backend = this.backend;
    const fn = this.fn;
    this.implicit!.fire(watermark, (window, key, keyHash, contents) => {
      const time = window.maxTimestamp();
      this.outputTimestamp = time;
      this.ctx.window = window;
      this.ctx.outputTimestamp = time;
      backend.setCurrentKeyAndHash(key, keyHash);
      fn.process(key as K, this.ctx, contents as CONTENTS, this);
      fn.clear(this.ctx);
    });
  }

  onEventTime(timer: InternalTimer<W>): void {
    const tracked = this.implicit?.earliest();
    if (tracked !== undefined && tracked < timer.time) {
      // Restored timers stay explicit: evaluate the tracked windows due before this one first, so
      // each key's windows are evaluated in time order (as with timers only).
      this.fireImplicit(timer.time - 1);
      this.keyed.setCurrentKeyAndHash(timer.key as Key, timer.keyHash);
    }
    this.onTimer(timer, true);
  }

  onProcessingTime(timer: InternalTimer<W>): void {
    this.onTimer(timer, false);
  }

  override close(): void {
    this.timers?.stop();
    this.fn?.close();
  }

  /** Collector of the window function: stamps results with the window's max timestamp. */
  collect(value: OUT): void {
    this.out.collect(new StreamRecord(value, this.outputTimestamp));
  }

  private onTimer(timer: InternalTimer<W>, eventTime: boolean): void {
    const window = timer.namespace;
    let set: MergingWindowSet<W> | undefined;
    let stateWindow: W | undefined = window;
    if (this.merging !== undefined) {
      set = this.mergingSet();
      stateWindow = set.getStateWindow(window);
      // A timer of a window that was merged away or cleaned up: nothing to do.
      if (stateWindow === undefined) return;
    }
    this.ctx.window = window;
    const trigger = this.options.trigger;
    const result = eventTime ? trigger.onEventTime(timer.time, window, this.ctx) : trigger.onProcessingTime(timer.time, window, this.ctx);
    this.react(result, window, stateWindow);
    if (this.options.assigner.isEventTime === eventTime && timer.time === this.cleanupTime(window)) {
      this.clearAllState(window, stateWindow, set);
    }
    if (set !== undefined) this.persistMergingSet(set);
  }

  /**
   * The merging-window set of the current key. Kept in memory per key (loaded
   * from keyed state on first use, e.g. after a restore) and written back
   * after every change, so state stays the source of truth for snapshots.
   */
  private mergingSet(): MergingWindowSet<W> {
    const key = this.keyed.currentKey;
    let set = this.mergingSets.get(key);
    if (set === undefined) {
      set = new MergingWindowSet<W>(this.merging as MergingWindowAssigner<unknown, W>, this.assigner.namespaces, this.mergingState!);
      this.mergingSets.set(key, set);
    }
    return set;
  }

  private persistMergingSet(set: MergingWindowSet<W>): void {
    set.persist();
    if (set.isEmpty) this.mergingSets.delete(this.keyed.currentKey);
  }

  /** Acts on a trigger result: evaluate the window, clear its contents. */
  private react(result: TriggerResult, window: W, stateWindow: W): void {
    if (result === 'CONTINUE') return;
    this.windowState.setCurrentNamespace(stateWindow);
    if (isFire(result)) {
      const contents = this.windowState.getInternal();
      // Empty windows are never evaluated, even on FIRE.
      if (contents !== undefined) this.emit(window, stateWindow, contents);
    }
    if (isPurge(result)) {
      this.windowState.setCurrentNamespace(stateWindow);
      this.windowState.clear();
    }
  }

  private emit(window: W, stateWindow: W, contents: unknown): void {
    this.outputTimestamp = window.maxTimestamp();
    this.ctx.window = window;
    this.ctx.outputTimestamp = this.outputTimestamp;
    const key = this.keyed.currentKey as K;
    if (this.emitter !== undefined) {
      const folded = this.emitter.evictAndFold(contents as never, window);
      if (folded !== undefined) this.fn.process(key, this.ctx, folded, this);
      this.windowState.setCurrentNamespace(stateWindow);
      this.windowState.updateInternal(this.emitter.afterEmit(window));
      return;
    }
    this.fn.process(key, this.ctx, contents as CONTENTS, this);
  }

  /**
   * {@link mergeWindows} as a callback, made once: an arrow function inside
   * processElement would capture `this`, and V8 then allocates a context on
   * every call of processElement, merging or not (measured: 44 bytes per record).
   */
  private readonly onMerge = (result: W, merged: readonly W[], stateResult: W, mergedStates: readonly W[]): void =>
    this.mergeWindows(result, merged, stateResult, mergedStates);

  private mergeWindows(result: W, merged: readonly W[], stateResult: W, mergedStates: readonly W[]): void {
    const { assigner, allowedLateness, trigger } = this.options;
    if (
      (assigner.isEventTime && saturatingAdd(result.maxTimestamp(), allowedLateness) <= this.timers.currentWatermark()) ||
      (!assigner.isEventTime && result.maxTimestamp() <= this.context.processingTime.now())
    ) {
      throw new UnsupportedMergeError(result, merged);
    }
    this.ctx.window = result;
    this.ctx.mergedWindows = merged;
    trigger.onMerge?.(result, this.ctx);
    for (const m of merged) {
      this.ctx.window = m;
      trigger.clear(m, this.ctx);
      this.deleteCleanupTimer(m);
    }
    this.windowState.mergeNamespaces(stateResult, mergedStates);
  }

  private clearAllState(window: W, stateWindow: W | undefined, set: MergingWindowSet<W> | undefined): void {
    if (stateWindow !== undefined) {
      this.windowState.setCurrentNamespace(stateWindow);
      this.windowState.clear();
    }
    this.ctx.window = window;
    this.options.trigger.clear(window, this.ctx);
    this.ctx.outputTimestamp = window.maxTimestamp();
    this.fn.clear(this.ctx);
    set?.retireWindow(window);
  }

  private cleanupTime(window: W): Millis {
    if (!this.options.assigner.isEventTime) return window.maxTimestamp();
    return saturatingAdd(window.maxTimestamp(), this.options.allowedLateness);
  }

  private registerCleanupTimer(window: W): void {
    const time = this.cleanupTime(window);
    if (time === MAX_TIMESTAMP) return; // end of time: no cleanup
    if (this.options.assigner.isEventTime) this.timers.registerEventTimeTimer(window, time);
    else this.timers.registerProcessingTimeTimer(window, time);
  }

  private deleteCleanupTimer(window: W): void {
    const time = this.cleanupTime(window);
    if (time === MAX_TIMESTAMP) return;
    if (this.options.assigner.isEventTime) this.timers.deleteEventTimeTimer(window, time);
    else this.timers.deleteProcessingTimeTimer(window, time);
  }

  private isWindowLate(window: W): boolean {
    return this.isEventTime && saturatingAdd(window.maxTimestamp(), this.lateness) <= this.timers.currentWatermark();
  }

  private isElementLate(record: StreamRecord<IN>): boolean {
    return (
      this.options.assigner.isEventTime &&
      saturatingAdd(record.timestamp, this.options.allowedLateness) <= this.timers.currentWatermark()
    );
  }
}

