import type { FilterFunction } from '../../api/functions.js';
import type { StreamRecord } from '../stream-element.js';
import { BaseOperator } from './base-operator.js';

/** Forwards the records for which the predicate returns true. */
export class FilterOperator<T> extends BaseOperator<T, T> {
  constructor(private readonly predicate: FilterFunction<T>) {
    super();
  }

  processElement(record: StreamRecord<T>): void {
    if (this.predicate(record.value)) this.out.collect(record);
  }
}
