import type { Millis } from './time-types.js';

/** Where a {@link WatermarkGenerator} emits. */
export interface WatermarkOutput {
  /** Emits a watermark; ignored unless it is higher than the last one. */
  emitWatermark(timestamp: Millis): void;
  /** No more events for a while: downstream stops waiting for this input. */
  markIdle(): void;
  /** Events flow again (also implied by the next emitted watermark). */
  markActive(): void;
}

/**
 * Generates watermarks from the events it sees (Flink's WatermarkGenerator).
 * `onEvent` runs per record and may emit (punctuated); `onPeriodicEmit` runs
 * every `autoWatermarkInterval` of processing time and may emit (periodic).
 */
export interface WatermarkGenerator<T> {
  onEvent(event: T, timestamp: Millis, output: WatermarkOutput): void;
  onPeriodicEmit(output: WatermarkOutput): void;
}

/** Extracts an event's timestamp; `recordTimestamp` is the one it already had (MIN_TIMESTAMP if none). */
export type TimestampAssigner<T> = (event: T, recordTimestamp: Millis) => Millis;
