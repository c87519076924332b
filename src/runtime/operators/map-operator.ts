import type { MapFunction } from '../../api/functions.js';
import { StreamRecord } from '../stream-element.js';
import { BaseOperator } from './base-operator.js';

/** Applies a function to every record, keeping its timestamp. */
export class MapOperator<IN, OUT> extends BaseOperator<IN, OUT> {
  constructor(private readonly fn: MapFunction<IN, OUT>) {
    super();
  }

  processElement(record: StreamRecord<IN>): void {
    this.out.collect(new StreamRecord(this.fn(record.value), record.timestamp));
  }
}
