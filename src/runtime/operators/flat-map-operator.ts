import type { FlatMapFunction } from '../../api/functions.js';
import { ConfigError } from '../../errors/config-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { describeValue } from '../../errors/argument-checks.js';
import { StreamRecord } from '../stream-element.js';
import { BaseOperator } from './base-operator.js';

/** Emits every element of the iterable the function returns, with the input's timestamp. */
export class FlatMapOperator<IN, OUT> extends BaseOperator<IN, OUT> {
  constructor(private readonly fn: FlatMapFunction<IN, OUT>) {
    super();
  }

  processElement(record: StreamRecord<IN>): void {
    const result = this.fn(record.value);
    if (result == null || typeof (result as Iterable<OUT>)[Symbol.iterator] !== 'function') {
      throw new ConfigError(
        ErrorCodes.INVALID_ARGUMENT,
        `The flatMap function of '${this.context.uid}' returned ${describeValue(result)}; it must return an iterable such as an array.`,
      );
    }
    for (const value of result) this.out.collect(new StreamRecord(value, record.timestamp));
  }
}
