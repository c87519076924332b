import type { AggregateFunction } from '../../state/aggregate-function.js';
import {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  ReducingStateDescriptor,
  type StateDescriptor,
} from '../../state/state-descriptor.js';
import type { Millis } from '../../time/time-types.js';
import type { TimestampedValue } from '../evictors/evictor.js';

/** Name of the window contents state: stable, because restores find state by name. */
export const WINDOW_CONTENTS_STATE = 'window-contents';

/**
 * How a window stores what it has seen: as one reduced value, one
 * accumulator, or the list of elements. `add` returns the new raw value
 * (it may mutate and return `existing`).
 */
export interface WindowContents<IN> {
  readonly descriptor: StateDescriptor<unknown>;
  add(existing: unknown, value: IN, timestamp: Millis | undefined): unknown;
}

/** Incremental reduce: stores one value per window. */
export function reducingContents<T>(reduce: (a: T, b: T) => T): WindowContents<T> {
  return {
    descriptor: new ReducingStateDescriptor<T>({ name: WINDOW_CONTENTS_STATE, reduce }) as StateDescriptor<unknown>,
    add: (existing, value) => (existing === undefined ? value : reduce(existing as T, value)),
  };
}

/** Incremental aggregation: stores one accumulator per window. */
export function aggregatingContents<IN, ACC, R>(aggregate: AggregateFunction<IN, ACC, R>): WindowContents<IN> {
  return {
    descriptor: new AggregatingStateDescriptor({ name: WINDOW_CONTENTS_STATE, aggregate }) as StateDescriptor<unknown>,
    add: (existing, value) => aggregate.add(value, existing === undefined ? aggregate.createAccumulator() : (existing as ACC)),
  };
}

/** Every element, for process functions. */
export function listContents<T>(): WindowContents<T> {
  return {
    descriptor: new ListStateDescriptor<T>(WINDOW_CONTENTS_STATE) as StateDescriptor<unknown>,
    add: (existing, value) => {
      if (existing === undefined) return [value];
      (existing as T[]).push(value);
      return existing;
    },
  };
}

/** Every element with its timestamp, for evicting windows. */
export function timestampedListContents<T>(): WindowContents<T> {
  return {
    descriptor: new ListStateDescriptor<TimestampedValue<T>>(WINDOW_CONTENTS_STATE) as StateDescriptor<unknown>,
    add: (existing, value, timestamp) => {
      const element: TimestampedValue<T> = { value, timestamp };
      if (existing === undefined) return [element];
      (existing as TimestampedValue<T>[]).push(element);
      return existing;
    },
  };
}
