import type { Collector } from '../../api/collector.js';
import type { KeySelector } from '../../api/functions.js';
import type { OutputTag } from '../../api/output-tag.js';
import type { ProcessJoinContext, ProcessJoinFunction } from '../../api/process-join-function.js';
import type { TaggedUnion } from '../../api/tagged-union.js';
import { ConfigError } from '../../errors/config-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import type { MapState } from '../../state/keyed-state.js';
import type { NamespaceSerializer } from '../../state/namespace-serializer.js';
import { MapStateDescriptor } from '../../state/state-descriptor.js';
import { InternalTimerService } from '../../time/internal-timer-service.js';
import type { InternalTimer, Triggerable } from '../../time/internal-timer.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP, saturatingAdd, type Millis } from '../../time/time-types.js';
import { StreamRecord, type Watermark } from '../stream-element.js';
import { BaseOperator } from './base-operator.js';

type Side = TaggedUnion<unknown, unknown>['side'];

/** Cleanup timers are namespaced by the side whose buffer they clean. */
const SIDES: NamespaceSerializer<Side> = { toKey: (side) => side, fromKey: (key) => key as Side };

/** Name of the keyed MapState (timestamp → elements) buffering the left input. */
export const LEFT_BUFFER = 'interval-join-left-buffer';
/** Name of the keyed MapState (timestamp → elements) buffering the right input. */
export const RIGHT_BUFFER = 'interval-join-right-buffer';

/** Everything an interval join operator is built from (already checked by the API). */
export interface IntervalJoinOperatorOptions<L, R, OUT> {
  /** A right element at `r` joins a left element at `l` when `l + lowerBound <= r <= l + upperBound`. */
  readonly lowerBound: Millis;
  readonly upperBound: Millis;
  readonly lowerBoundInclusive: boolean;
  readonly upperBoundInclusive: boolean;
  /** The join key of a tagged element (the left or the right key selector). */
  readonly keySelector: KeySelector<TaggedUnion<L, R>>;
  readonly fn: ProcessJoinFunction<L, R, OUT>;
  /** Late left elements go here; dropped when absent. */
  readonly leftLateDataTag?: OutputTag<L> | undefined;
  /** Late right elements go here; dropped when absent. */
  readonly rightLateDataTag?: OutputTag<R> | undefined;
}

/**
 * Flink's IntervalJoinOperator on a tagged, keyed union of both inputs.
 * Buffers each side in keyed MapState (timestamp → elements); each arriving
 * element joins the other side's buffered elements within the bounds at once,
 * results stamped `max(leftTs, rightTs)`. Elements behind the watermark are
 * late: side output or dropped. Each buffered timestamp gets an event-time
 * cleanup timer at the point after which no non-late element can join it
 * (left: `ts + upper`, right: `ts - lower`, never before `ts`), so the buffers
 * hold only what may still join.
 */
export class IntervalJoinOperator<L, R, OUT>
  extends BaseOperator<TaggedUnion<L, R>, OUT>
  implements Triggerable<Side>, ProcessJoinContext, Collector<OUT>
{
  /** Inclusive bounds: exclusive ones are moved inward by 1 ms (timestamps are integers). */
  private readonly lower: Millis;
  private readonly upper: Millis;
  private fn!: ProcessJoinFunction<L, R, OUT>;
  private timers!: InternalTimerService<Side>;
  private leftBuffer!: MapState<Millis, L[]>;
  private rightBuffer!: MapState<Millis, R[]>;
  private where = '';
  private pairLeftTimestamp: Millis = MIN_TIMESTAMP;
  private pairRightTimestamp: Millis = MIN_TIMESTAMP;
  private pairTimestamp: Millis = MIN_TIMESTAMP;

  constructor(private readonly options: IntervalJoinOperatorOptions<L, R, OUT>) {
    super();
    this.lower = options.lowerBoundInclusive ? options.lowerBound : options.lowerBound + 1;
    this.upper = options.upperBoundInclusive ? options.upperBound : options.upperBound - 1;
  }

  override setup(context: Parameters<BaseOperator<TaggedUnion<L, R>, OUT>['setup']>[0]): void {
    super.setup(context);
    // Each subtask gets its own object so fields set in open() are per subtask.
    this.fn = Object.create(this.options.fn) as ProcessJoinFunction<L, R, OUT>;
    this.where = `The key selector of interval join '${context.uid}'`;
    this.timers = new InternalTimerService('interval-join-cleanup', this.keyed, SIDES, this, context.processingTime);
  }

  override open(): void {
    const backend = this.keyed;
    this.leftBuffer = backend.getState(new MapStateDescriptor<Millis, L[]>(LEFT_BUFFER));
    this.rightBuffer = backend.getState(new MapStateDescriptor<Millis, R[]>(RIGHT_BUFFER));
    const runtime = this.runtimeContext();
    this.fn.open?.(runtime);
  }

  processElement(record: StreamRecord<TaggedUnion<L, R>>): void {
    const element = record.value;
    const ts = record.timestamp;
    if (ts === MIN_TIMESTAMP) throw this.missingTimestamp(element.side);
    this.keyed.setCurrentKey(this.options.keySelector(element), this.where);
    // Flink's isLate: strictly behind the watermark (never true before the first watermark).
    if (ts < this.timers.currentWatermark()) {
      this.emitLate(element, ts);
      return;
    }
    if (element.side === 'left') {
      addToBuffer(this.leftBuffer, element.value, ts);
      for (const [rightTs, rights] of this.rightBuffer.entries()) {
        if (rightTs < ts + this.lower || rightTs > ts + this.upper) continue;
        for (const right of rights) this.join(element.value, right, ts, rightTs);
      }
      this.timers.registerEventTimeTimer('left', this.upper > 0 ? saturatingAdd(ts, this.upper) : ts);
    } else {
      addToBuffer(this.rightBuffer, element.value, ts);
      for (const [leftTs, lefts] of this.leftBuffer.entries()) {
        if (leftTs < ts - this.upper || leftTs > ts - this.lower) continue;
        for (const left of lefts) this.join(left, element.value, leftTs, ts);
      }
      this.timers.registerEventTimeTimer('right', this.lower < 0 ? saturatingAdd(ts, -this.lower) : ts);
    }
  }

  override processWatermark(watermark: Watermark): void {
    this.timers.advanceWatermark(watermark.timestamp);
    this.out.emitWatermark(watermark);
  }

  onEventTime(timer: InternalTimer<Side>): void {
    const buffer: MapState<Millis, unknown[]> = timer.namespace === 'left' ? this.leftBuffer : this.rightBuffer;
    // A cleanup time clamped to the end of time cannot be mapped back to its element's timestamp;
    // at the final watermark every buffered element of this key is due anyway.
    if (timer.time === MAX_TIMESTAMP) {
      buffer.clear();
      return;
    }
    if (timer.namespace === 'left') buffer.remove(this.upper > 0 ? timer.time - this.upper : timer.time);
    else buffer.remove(this.lower < 0 ? timer.time + this.lower : timer.time);
  }

  onProcessingTime(): void {}

  override close(): void {
    this.timers?.stop();
    this.fn?.close?.();
  }

  // Collector
  collect(value: OUT): void {
    this.out.collect(new StreamRecord(value, this.pairTimestamp));
  }

  // ProcessJoinContext
  get leftTimestamp(): Millis {
    return this.pairLeftTimestamp;
  }

  get rightTimestamp(): Millis {
    return this.pairRightTimestamp;
  }

  get timestamp(): Millis {
    return this.pairTimestamp;
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    this.context.output.collectSide(tag, new StreamRecord(value, this.pairTimestamp));
  }

  private join(left: L, right: R, leftTs: Millis, rightTs: Millis): void {
    this.pairLeftTimestamp = leftTs;
    this.pairRightTimestamp = rightTs;
    this.pairTimestamp = Math.max(leftTs, rightTs);
    this.fn.processElement(left, right, this, this);
  }

  private emitLate(element: TaggedUnion<L, R>, ts: Millis): void {
    const tag = (element.side === 'left' ? this.options.leftLateDataTag : this.options.rightLateDataTag) as OutputTag<unknown> | undefined;
    if (tag !== undefined) this.context.output.collectSide(tag, new StreamRecord<unknown>(element.value, ts));
  }

  private missingTimestamp(side: Side): ConfigError {
    return new ConfigError(
      ErrorCodes.INVALID_ARGUMENT,
      `Interval join '${this.context.uid}' got a ${side} element without a timestamp. Interval joins work in event time only: ` +
        'call assignTimestampsAndWatermarks(...) on both inputs before keyBy().',
    );
  }
}

function addToBuffer<T>(buffer: MapState<Millis, T[]>, value: T, timestamp: Millis): void {
  const bucket = buffer.get(timestamp);
  if (bucket === undefined) {
    buffer.put(timestamp, [value]);
  } else {
    bucket.push(value);
    // Written back (as Flink does) so the backend sees a write, not only an in-place mutation.
    buffer.put(timestamp, bucket);
  }
}
