import type { OutputTag } from '../api/output-tag.js';
import type { Output } from './output.js';
import type { StreamOperator } from './stream-operator.js';
import type { StreamRecord, Watermark, WatermarkStatus } from './stream-element.js';
import { toJobError } from './to-job-error.js';

/**
 * Output of an operator that is chained to the next one in the same stage:
 * a plain method call instead of an RxJS hop. A throw from the next
 * operator is named after that operator. Side outputs are dropped: an
 * operator whose side output is read is never chained.
 */
export class ChainedOutput<T> implements Output<T> {
  constructor(
    private readonly next: StreamOperator<T, unknown>,
    private readonly nextUid: string,
  ) {}

  collect(record: StreamRecord<T>): void {
    try {
      this.next.processElement(record);
    } catch (error) {
      throw toJobError(error, this.nextUid);
    }
  }

  collectSide<S>(_tag: OutputTag<S>, _record: StreamRecord<S>): void {}

  emitWatermark(watermark: Watermark): void {
    try {
      this.next.processWatermark(watermark);
    } catch (error) {
      throw toJobError(error, this.nextUid);
    }
  }

  emitWatermarkStatus(status: WatermarkStatus): void {
    try {
      this.next.processWatermarkStatus(status);
    } catch (error) {
      throw toJobError(error, this.nextUid);
    }
  }
}
