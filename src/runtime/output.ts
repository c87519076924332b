import type { OutputTag } from '../api/output-tag.js';
import type { StreamRecord, Watermark, WatermarkStatus } from './stream-element.js';

/**
 * Where an operator emits. The runtime connects it to the next operator
 * (through RxJS); the test harness connects it to lists.
 *
 * Contract: calls are synchronous and in order; a watermark emitted after
 * records follows them downstream. Side-output records nobody consumes are dropped.
 */
export interface Output<T> {
  collect(record: StreamRecord<T>): void;
  collectSide<S>(tag: OutputTag<S>, record: StreamRecord<S>): void;
  emitWatermark(watermark: Watermark): void;
  emitWatermarkStatus(status: WatermarkStatus): void;
}
