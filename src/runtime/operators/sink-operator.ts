import type { Sink, SinkWriter } from '../../connectors/sink.js';
import { MIN_TIMESTAMP } from '../../time/time-types.js';
import type { StreamRecord } from '../stream-element.js';
import { BaseOperator } from './base-operator.js';

/** Hands records to a sink writer; emits nothing. */
export class SinkOperator<T> extends BaseOperator<T, never> {
  private writer!: SinkWriter<T>;

  constructor(private readonly sink: Sink<T>) {
    super();
  }

  override open(): void {
    this.writer = this.sink.createWriter({ subtaskIndex: this.context.subtaskIndex, parallelism: this.context.parallelism });
  }

  processElement(record: StreamRecord<T>): void {
    this.writer.write(record.value, record.timestamp === MIN_TIMESTAMP ? undefined : record.timestamp);
  }

  override processWatermark(): void {}
  override processWatermarkStatus(): void {}

  override finish(): void {
    this.writer.finish?.();
  }

  override close(): void {
    this.writer?.close?.();
  }
}
