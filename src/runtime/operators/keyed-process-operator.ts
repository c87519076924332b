import type { KeyedProcessContext, KeyedProcessFunction, OnTimerContext } from '../../api/keyed-process-function.js';
import type { KeySelector } from '../../api/functions.js';
import type { OutputTag } from '../../api/output-tag.js';
import type { TimerService } from '../../api/timer-service.js';
import type { Collector } from '../../api/collector.js';
import type { KeyedStateBackend } from '../../state/keyed-state-backend.js';
import { VOID_NAMESPACE } from '../../state/namespace-serializer.js';
import { InternalTimerService } from '../../time/internal-timer-service.js';
import type { InternalTimer, Triggerable } from '../../time/internal-timer.js';
import { MIN_TIMESTAMP, requireTimestamp, type Millis } from '../../time/time-types.js';
import { StreamRecord, type Watermark } from '../stream-element.js';
import { BaseOperator } from './base-operator.js';

/**
 * Runs a {@link KeyedProcessFunction}: sets the current key per element,
 * gives the function keyed state, timers and side outputs, and fires
 * event-time timers before forwarding each watermark.
 */
export class KeyedProcessOperator<K, IN, OUT>
  extends BaseOperator<IN, OUT>
  implements Triggerable<null>, KeyedProcessContext<K>, OnTimerContext<K>, TimerService, Collector<OUT>
{
  private fn!: KeyedProcessFunction<K, IN, OUT>;
  private timers!: InternalTimerService<null>;
  private where = '';
  /** The keyed backend, kept in a field for the per-element path. */
  private backend!: KeyedStateBackend;
  private currentTimestamp: Millis = MIN_TIMESTAMP;
  timeDomain: 'event-time' | 'processing-time' = 'event-time';

  constructor(
    private readonly template: KeyedProcessFunction<K, IN, OUT>,
    private readonly keySelector: KeySelector<IN>,
  ) {
    super();
  }

  override setup(context: Parameters<BaseOperator<IN, OUT>['setup']>[0]): void {
    super.setup(context);
    // Each subtask gets its own object so fields set in open() are per subtask.
    this.fn = Object.create(this.template) as KeyedProcessFunction<K, IN, OUT>;
    this.where = `The key selector of '${context.uid}'`;
    this.backend = this.keyed;
    this.timers = new InternalTimerService('user-timers', this.keyed, VOID_NAMESPACE, this, context.processingTime);
  }

  override open(): void {
    const runtime = this.runtimeContext();
    this.fn.open?.(runtime);
    this.timers.start();
  }

  processElement(record: StreamRecord<IN>): void {
    this.backend.setCurrentKey(this.keySelector(record.value), this.where);
    this.currentTimestamp = record.timestamp;
    this.fn.processElement(record.value, this, this);
  }

  override processWatermark(watermark: Watermark): void {
    this.timers.advanceWatermark(watermark.timestamp);
    this.out.emitWatermark(watermark);
  }

  onEventTime(timer: InternalTimer<null>): void {
    this.currentTimestamp = timer.time;
    this.timeDomain = 'event-time';
    this.fn.onTimer?.(timer.time, this, this);
  }

  onProcessingTime(timer: InternalTimer<null>): void {
    this.currentTimestamp = MIN_TIMESTAMP;
    this.timeDomain = 'processing-time';
    this.fn.onTimer?.(timer.time, this, this);
    this.timeDomain = 'event-time';
  }

  override close(): void {
    this.timers?.stop();
    this.fn?.close?.();
  }

  // Collector
  collect(value: OUT): void {
    this.out.collect(new StreamRecord(value, this.currentTimestamp));
  }

  // KeyedProcessContext
  get timestamp(): Millis | undefined {
    return this.currentTimestamp === MIN_TIMESTAMP ? undefined : this.currentTimestamp;
  }

  get currentKey(): K {
    return this.backend.currentKey as K;
  }

  get timerService(): TimerService {
    return this;
  }

  output<X>(tag: OutputTag<X>, value: X): void;
  output(tag: OutputTag<unknown>, value: unknown): void {
    this.context.output.collectSide(tag, new StreamRecord(value, this.currentTimestamp));
  }

  // TimerService
  currentProcessingTime(): Millis {
    return this.context.processingTime.now();
  }

  currentWatermark(): Millis {
    return this.timers.currentWatermark();
  }

  registerEventTimeTimer(time: Millis): void {
    this.timers.registerEventTimeTimer(null, requireTimestamp(time, 'An event-time timer'));
  }

  registerProcessingTimeTimer(time: Millis): void {
    this.timers.registerProcessingTimeTimer(null, requireTimestamp(time, 'A processing-time timer'));
  }

  deleteEventTimeTimer(time: Millis): void {
    this.timers.deleteEventTimeTimer(null, time);
  }

  deleteProcessingTimeTimer(time: Millis): void {
    this.timers.deleteProcessingTimeTimer(null, time);
  }
}
