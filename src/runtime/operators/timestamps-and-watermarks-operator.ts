import { requireTimestamp, type Millis } from '../../time/time-types.js';
import type { WatermarkGenerator, WatermarkOutput, TimestampAssigner } from '../../time/watermark-generator.js';
import type { WatermarkStrategy } from '../../time/watermark-strategy.js';
import type { Cancel } from '../../time/clock.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from '../../time/time-types.js';
import { StreamRecord, Watermark, WatermarkStatus } from '../stream-element.js';
import { BaseOperator } from './base-operator.js';

/**
 * Assigns timestamps and generates watermarks (Flink's
 * TimestampsAndWatermarksOperator). Watermarks from upstream are swallowed,
 * except the final one at end of input. Periodic emission runs every
 * `interval` ms of processing time; interval 0 disables it (punctuated only).
 */
export class TimestampsAndWatermarksOperator<T> extends BaseOperator<T, T> implements WatermarkOutput {
  private generator!: WatermarkGenerator<T>;
  private assigner: TimestampAssigner<T> | undefined;
  private lastWatermark: Millis = MIN_TIMESTAMP;
  private idle = false;
  private cancelPeriodic: Cancel | undefined;

  constructor(
    private readonly strategy: WatermarkStrategy<T>,
    private readonly interval: Millis,
  ) {
    super();
  }

  override open(): void {
    this.generator = this.strategy.buildGenerator({ clock: this.context.clock });
    this.assigner = this.strategy.timestampAssigner;
    if (this.interval > 0) this.schedulePeriodic();
  }

  processElement(record: StreamRecord<T>): void {
    let timestamp = record.timestamp;
    if (this.assigner !== undefined) {
      timestamp = this.assigner(record.value, record.timestamp);
      // Checked inline: building the error's description per record would cost more than the check.
      if (!Number.isSafeInteger(timestamp)) requireTimestamp(timestamp, `The timestamp assigner of '${this.context.uid}' result`);
      if (this.context.ownsInputRecords) record.timestamp = timestamp;
      else record = new StreamRecord(record.value, timestamp);
    }
    this.out.collect(record);
    this.generator.onEvent(record.value, timestamp, this);
  }

  override processWatermark(watermark: Watermark): void {
    // Only the end-of-input watermark passes: this operator owns event time downstream.
    if (watermark.timestamp === MAX_TIMESTAMP) this.emitWatermark(MAX_TIMESTAMP);
  }

  override processWatermarkStatus(): void {}

  override finish(): void {
    this.cancelPeriodic?.();
  }

  override close(): void {
    this.cancelPeriodic?.();
  }

  emitWatermark(timestamp: Millis): void {
    // A NaN watermark would pass every `timer <= watermark` check downstream and fire all timers.
    if (!Number.isSafeInteger(timestamp)) requireTimestamp(timestamp, `A watermark emitted by the watermark generator of '${this.context.uid}'`);
    if (timestamp <= this.lastWatermark) return;
    this.lastWatermark = timestamp;
    if (this.idle) this.markActive();
    this.out.emitWatermark(new Watermark(timestamp));
  }

  markIdle(): void {
    if (this.idle) return;
    this.idle = true;
    this.out.emitWatermarkStatus(WatermarkStatus.IDLE);
  }

  markActive(): void {
    if (!this.idle) return;
    this.idle = false;
    this.out.emitWatermarkStatus(WatermarkStatus.ACTIVE);
  }

  private schedulePeriodic(): void {
    const at = this.context.processingTime.now() + this.interval;
    this.cancelPeriodic = this.context.processingTime.schedule(at, () => {
      this.generator.onPeriodicEmit(this);
      this.schedulePeriodic();
    });
  }
}
