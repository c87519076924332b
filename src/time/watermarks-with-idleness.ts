import type { Clock } from './clock.js';
import type { WatermarkGenerator, WatermarkOutput } from './watermark-generator.js';
import type { Millis } from './time-types.js';

/**
 * Wraps a generator and marks the output idle when no event arrived for
 * `timeout` of processing time (checked at periodic emission), active again
 * at the next event. As Flink's WatermarksWithIdleness.
 */
export class WatermarksWithIdleness<T> implements WatermarkGenerator<T> {
  private lastEvent: Millis;
  private idle = false;

  constructor(
    private readonly inner: WatermarkGenerator<T>,
    private readonly timeout: Millis,
    private readonly clock: Clock,
  ) {
    this.lastEvent = clock.now();
  }

  onEvent(event: T, timestamp: Millis, output: WatermarkOutput): void {
    this.lastEvent = this.clock.now();
    if (this.idle) {
      this.idle = false;
      output.markActive();
    }
    this.inner.onEvent(event, timestamp, output);
  }

  onPeriodicEmit(output: WatermarkOutput): void {
    if (this.idle) return;
    if (this.clock.now() - this.lastEvent >= this.timeout) {
      this.idle = true;
      output.markIdle();
      return;
    }
    this.inner.onPeriodicEmit(output);
  }
}
