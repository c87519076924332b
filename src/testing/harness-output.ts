import type { OutputTag } from '../api/output-tag.js';
import type { Output } from '../runtime/output.js';
import type { StreamRecord, Watermark, WatermarkStatus } from '../runtime/stream-element.js';
import { MIN_TIMESTAMP, type Millis } from '../time/time-types.js';

/** One element of a harness's output, in emission order. */
export type HarnessElement<T> =
  | { readonly kind: 'record'; readonly value: T; readonly timestamp: Millis | undefined }
  | { readonly kind: 'watermark'; readonly timestamp: Millis }
  | { readonly kind: 'status'; readonly idle: boolean };

/** A side-output record with its timestamp. */
export interface HarnessRecord<T> {
  readonly value: T;
  readonly timestamp: Millis | undefined;
}

/** Collects what an operator emits, main output in order, side outputs per tag. */
export class HarnessOutput<T> implements Output<T> {
  readonly main: HarnessElement<T>[] = [];
  readonly side = new Map<string, HarnessRecord<unknown>[]>();

  collect(record: StreamRecord<T>): void {
    this.main.push({ kind: 'record', value: record.value, timestamp: stamp(record.timestamp) });
  }

  collectSide<S>(tag: OutputTag<S>, record: StreamRecord<S>): void {
    let list = this.side.get(tag.id);
    if (list === undefined) this.side.set(tag.id, (list = []));
    list.push({ value: record.value, timestamp: stamp(record.timestamp) });
  }

  emitWatermark(watermark: Watermark): void {
    this.main.push({ kind: 'watermark', timestamp: watermark.timestamp });
  }

  emitWatermarkStatus(status: WatermarkStatus): void {
    this.main.push({ kind: 'status', idle: status.idle });
  }
}

function stamp(timestamp: Millis): Millis | undefined {
  return timestamp === MIN_TIMESTAMP ? undefined : timestamp;
}
