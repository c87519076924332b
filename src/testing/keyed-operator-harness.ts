import type { KeySelector } from '../api/functions.js';
import type { KeyedProcessFunction } from '../api/keyed-process-function.js';
import type { OutputTag } from '../api/output-tag.js';
import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import { toJobError } from '../runtime/to-job-error.js';
import { OperatorMetrics } from '../runtime/operator-metrics.js';
import type { OperatorSnapshot } from '../runtime/operator-snapshot.js';
import type { KeyedStateSnapshot } from '../state/keyed-state-snapshot.js';
import { ProcessingTimeService } from '../runtime/processing-time-service.js';
import type { StreamOperator } from '../runtime/stream-operator.js';
import { KeyedProcessOperator } from '../runtime/operators/keyed-process-operator.js';
import { StreamRecord, Watermark, WatermarkStatus } from '../runtime/stream-element.js';
import { DEFAULT_MAX_PARALLELISM } from '../state/key-group.js';
import { KeyGroupRange } from '../state/key-group-range.js';
import type { KeyedStateBackend } from '../state/keyed-state-backend.js';
import { MemoryStateBackend } from '../state/memory/memory-state-backend.js';
import type { StateBackend } from '../state/state-backend.js';
import { ManualClock } from '../time/manual-clock.js';
import { MIN_TIMESTAMP, requireTimestamp, type Millis } from '../time/time-types.js';
import { HarnessOutput, type HarnessElement, type HarnessRecord } from './harness-output.js';

/** Options of {@link KeyedOperatorHarness}. */
export interface KeyedOperatorHarnessOptions<IN, OUT> {
  /** Creates the operator under test; called once per harness (and again for each restore). */
  readonly operator: () => StreamOperator<IN, OUT>;
  /** Processing time starts here. Default 0. */
  readonly processingTime?: Millis;
  readonly maxParallelism?: number;
  /** Which subtask of how many this harness plays; decides its key-group range. Default 0 of 1. */
  readonly subtaskIndex?: number;
  readonly parallelism?: number;
  readonly stateBackend?: StateBackend;
  readonly uid?: string;
  /** Restore from this snapshot before open(). */
  readonly restoreFrom?: OperatorSnapshot;
}

/**
 * Drives one keyed operator directly, on virtual time: feed elements and
 * watermarks, move processing time, snapshot, restore a fresh instance, and
 * read the main output (records with timestamps, and watermarks, in order)
 * and side outputs.
 *
 * @example
 * ```ts
 * const h = KeyedOperatorHarness.forProcessFunction(countPerKey, (e) => e.user);
 * h.processElement({ user: 'a' }, 10);
 * h.processWatermark(10);
 * const snapshot = h.snapshot();
 * const restored = h.restoreFresh(snapshot); // a new operator instance
 * restored.processElement({ user: 'a' }, 11);
 * expect(restored.records()).toEqual([['a', 2]]);
 * ```
 */
export class KeyedOperatorHarness<IN, OUT> {
  /** The virtual processing-time clock; {@link setProcessingTime} moves it. */
  readonly clock: ManualClock;
  readonly operator: StreamOperator<IN, OUT>;
  readonly keyedBackend: KeyedStateBackend;
  /** The operator's counters (e.g. numLateRecordsDropped). */
  readonly metrics = new OperatorMetrics();
  private readonly output = new HarnessOutput<OUT>();
  private readonly processingTime: ProcessingTimeService;
  private asyncError: { error: unknown } | undefined;
  private checkpointId = 0;
  private closed = false;

  constructor(private readonly options: KeyedOperatorHarnessOptions<IN, OUT>) {
    const maxParallelism = options.maxParallelism ?? DEFAULT_MAX_PARALLELISM;
    const parallelism = options.parallelism ?? 1;
    const subtaskIndex = options.subtaskIndex ?? 0;
    const uid = options.uid ?? 'operator-under-test';
    this.clock = new ManualClock(options.processingTime ?? 0);
    this.processingTime = new ProcessingTimeService(this.clock, (error) => {
      this.asyncError ??= { error: toJobError(error, uid) };
    });
    this.keyedBackend = (options.stateBackend ?? new MemoryStateBackend()).createKeyedStateBackend({
      jobId: 'harness',
      operatorUid: uid,
      keyGroupRange: KeyGroupRange.forOperator(maxParallelism, parallelism, subtaskIndex),
      maxParallelism,
      clock: this.clock,
    });
    this.operator = options.operator();
    this.operator.setup({
      jobId: 'harness',
      uid,
      subtaskIndex,
      parallelism,
      maxParallelism,
      output: this.output,
      clock: this.clock,
      processingTime: this.processingTime,
      keyedBackend: this.keyedBackend,
      metrics: this.metrics,
    });
    this.run(() => {
      this.operator.initializeState(options.restoreFrom && structuredClone(options.restoreFrom));
      this.operator.open();
    });
  }

  /** A harness around a {@link KeyedProcessFunction} keyed by `keySelector`. */
  static forProcessFunction<K, IN, OUT>(
    fn: KeyedProcessFunction<K, IN, OUT>,
    keySelector: KeySelector<IN>,
    options: Omit<KeyedOperatorHarnessOptions<IN, OUT>, 'operator'> = {},
  ): KeyedOperatorHarness<IN, OUT> {
    return new KeyedOperatorHarness({ ...options, operator: () => new KeyedProcessOperator<K, IN, OUT>(fn, keySelector) });
  }

  /** Processes `value` with event timestamp `timestamp` (none when omitted). */
  processElement(value: IN, timestamp?: Millis): this {
    const ts = timestamp === undefined ? MIN_TIMESTAMP : requireTimestamp(timestamp, 'The element timestamp');
    return this.run(() => this.operator.processElement(new StreamRecord(value, ts)));
  }

  /** Advances event time: fires due timers and windows, then emits the watermark. */
  processWatermark(timestamp: Millis): this {
    requireTimestamp(timestamp, 'The watermark');
    return this.run(() => this.operator.processWatermark(new Watermark(timestamp)));
  }

  /** Marks the input idle or active. */
  processWatermarkStatus(idle: boolean): this {
    return this.run(() => this.operator.processWatermarkStatus(idle ? WatermarkStatus.IDLE : WatermarkStatus.ACTIVE));
  }

  /** Moves processing time to `time`, firing due processing-time timers. */
  setProcessingTime(time: Millis): this {
    return this.run(() => this.clock.advanceTo(time));
  }

  /** Ends the input: the final watermark, then `finish()`. */
  endInput(): this {
    return this.run(() => {
      this.operator.processWatermark(new Watermark(Number.MAX_SAFE_INTEGER));
      this.operator.finish();
    });
  }

  /** A snapshot of the operator's state, as a checkpoint would take it (a deep copy). */
  snapshot(): OperatorSnapshot<KeyedStateSnapshot> {
    let snapshot!: OperatorSnapshot<KeyedStateSnapshot>;
    this.run(() => (snapshot = structuredClone(this.operator.snapshotState(++this.checkpointId))));
    return snapshot;
  }

  /** A new harness with a fresh operator instance restored from `snapshot` (same options otherwise). */
  restoreFresh(snapshot: OperatorSnapshot, overrides: Partial<KeyedOperatorHarnessOptions<IN, OUT>> = {}): KeyedOperatorHarness<IN, OUT> {
    return new KeyedOperatorHarness({
      ...this.options,
      processingTime: this.clock.now(),
      ...overrides,
      restoreFrom: snapshot,
    });
  }

  /** The main output in emission order: records with timestamps, watermarks, status changes. */
  elements(): HarnessElement<OUT>[] {
    return [...this.output.main];
  }

  /** Only the values of main-output records, in order. */
  records(): OUT[] {
    return this.output.main.flatMap((e) => (e.kind === 'record' ? [e.value] : []));
  }

  /** Records sent to side output `tag`, in order. */
  sideOutput<X>(tag: OutputTag<X>): HarnessRecord<X>[] {
    return [...((this.output.side.get(tag.id) ?? []) as HarnessRecord<X>[])];
  }

  /** Forgets the output collected so far. */
  clearOutput(): this {
    this.output.main.length = 0;
    this.output.side.clear();
    return this;
  }

  /** Closes the operator and stops its processing-time callbacks. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.processingTime.shutdown();
    this.operator.close();
    this.keyedBackend.dispose();
  }

  private run(action: () => void): this {
    if (this.closed) {
      throw new ConfigError(ErrorCodes.ILLEGAL_JOB_STATE, 'This harness was closed; create a new one (or use restoreFresh).');
    }
    try {
      action();
    } catch (error) {
      throw toJobError(error, this.options.uid ?? 'operator-under-test');
    }
    const failed = this.asyncError;
    if (failed !== undefined) {
      this.asyncError = undefined;
      throw failed.error;
    }
    return this;
  }
}
