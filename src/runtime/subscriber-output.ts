import type { Subscriber } from 'rxjs';
import type { OutputTag } from '../api/output-tag.js';
import type { Output } from './output.js';
import { SideOutputRecord } from './side-output-record.js';
import type { StreamElement, StreamRecord, Watermark, WatermarkStatus } from './stream-element.js';

/** What flows out of an operator stage: elements, plus side-output records for consumed tags. */
export type StageElement = StreamElement | SideOutputRecord;

/** An operator {@link Output} that pushes into the RxJS subscriber of its stage. */
export class SubscriberOutput<T> implements Output<T> {
  constructor(
    private readonly subscriber: Subscriber<StageElement>,
    private readonly consumedTags: ReadonlySet<string>,
  ) {}

  collect(record: StreamRecord<T>): void {
    this.subscriber.next(record);
  }

  collectSide<S>(tag: OutputTag<S>, record: StreamRecord<S>): void {
    // Side outputs nobody reads are dropped here, so they cost nothing downstream.
    if (this.consumedTags.has(tag.id)) this.subscriber.next(new SideOutputRecord(tag.id, record));
  }

  emitWatermark(watermark: Watermark): void {
    this.subscriber.next(watermark);
  }

  emitWatermarkStatus(status: WatermarkStatus): void {
    this.subscriber.next(status);
  }
}
