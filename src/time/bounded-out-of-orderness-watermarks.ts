import type { WatermarkGenerator, WatermarkOutput } from './watermark-generator.js';
import { MIN_TIMESTAMP, type Millis } from './time-types.js';

/**
 * Periodic watermarks that trail the largest timestamp seen by a fixed bound:
 * `maxTimestamp - bound - 1`, or MIN_TIMESTAMP before the first event (as
 * Flink's BoundedOutOfOrdernessWatermarks). Bound 0 gives monotonous
 * (ascending) timestamps.
 */
export class BoundedOutOfOrdernessWatermarks<T> implements WatermarkGenerator<T> {
  private maxTimestamp: Millis;

  constructor(private readonly bound: Millis) {
    // Start so that "max - bound - 1" is MIN_TIMESTAMP before any event.
    this.maxTimestamp = MIN_TIMESTAMP + bound + 1;
  }

  onEvent(_event: T, timestamp: Millis): void {
    if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
  }

  onPeriodicEmit(output: WatermarkOutput): void {
    output.emitWatermark(this.maxTimestamp - this.bound - 1);
  }
}
