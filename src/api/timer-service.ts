import type { Millis } from '../time/time-types.js';

/**
 * Timers of the current key. Timers are unique per key and time: registering
 * the same time twice fires once. Event-time timers fire when the watermark
 * reaches their time; processing-time timers when the clock does. Both are
 * keyed state and survive checkpoints.
 */
export interface TimerService {
  currentProcessingTime(): Millis;
  currentWatermark(): Millis;
  registerEventTimeTimer(time: Millis): void;
  registerProcessingTimeTimer(time: Millis): void;
  deleteEventTimeTimer(time: Millis): void;
  deleteProcessingTimeTimer(time: Millis): void;
}
