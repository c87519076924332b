import { expect } from 'vitest';
import type { OutputTag } from '../../../src/api/output-tag.js';
import type { ProcessJoinFunction } from '../../../src/api/process-join-function.js';
import { taggedKeySelector, type TaggedUnion } from '../../../src/api/tagged-union.js';
import type { OperatorSnapshot } from '../../../src/runtime/operator-snapshot.js';
import type { KeyedStateSnapshot } from '../../../src/state/keyed-state-snapshot.js';
import {
  IntervalJoinOperator,
  LEFT_BUFFER,
  RIGHT_BUFFER,
  type IntervalJoinOperatorOptions,
} from '../../../src/runtime/operators/interval-join-operator.js';
import type { HarnessElement } from '../../../src/testing/harness-output.js';
import { KeyedOperatorHarness } from '../../../src/testing/keyed-operator-harness.js';
import { MIN_TIMESTAMP, type Millis } from '../../../src/time/time-types.js';
import { multiset } from './join-test-support.js';

/** An element of either side, as in Flink's IntervalJoinOperatorTest: key, timestamp and which side it came from. */
export interface TestElem {
  readonly key: string;
  readonly ts: Millis;
  readonly source: 'lhs' | 'rhs';
}

export type Pair = readonly [TestElem, TestElem];

export const lhs = (ts: Millis, key = 'key'): TestElem => ({ key, ts, source: 'lhs' });
export const rhs = (ts: Millis, key = 'key'): TestElem => ({ key, ts, source: 'rhs' });

/** The joined pair of a left element at `l` and a right one at `r`, as a record stamped max(l, r). */
export const pairOf = (l: Millis, r: Millis) => ({ value: [lhs(l), rhs(r)] as Pair, timestamp: Math.max(l, r) });

/** Emits every joined pair unchanged (Flink's PassthroughFunction). */
export const passthrough: ProcessJoinFunction<TestElem, TestElem, Pair> = {
  processElement: (left, right, _ctx, out) => out.collect([left, right]),
};

const key = (e: TestElem) => e.key;

export interface DriverOptions {
  readonly lowerBound: Millis;
  readonly lowerBoundInclusive?: boolean;
  readonly upperBound: Millis;
  readonly upperBoundInclusive?: boolean;
  readonly fn?: ProcessJoinFunction<TestElem, TestElem, unknown>;
  readonly leftLateDataTag?: OutputTag<TestElem>;
  readonly rightLateDataTag?: OutputTag<TestElem>;
  readonly uid?: string;
  readonly restoreFrom?: OperatorSnapshot;
}

/**
 * Drives an {@link IntervalJoinOperator} like Flink's two-input harness:
 * `element1`/`element2` feed the left/right input, `watermark1`/`watermark2`
 * advance one input's watermark, and the operator sees the minimum of both
 * whenever it rises (what the union in front of it does at runtime).
 */
export class IntervalJoinDriver {
  readonly harness: KeyedOperatorHarness<TaggedUnion<TestElem, TestElem>, unknown>;
  private watermarks: [Millis, Millis] = [MIN_TIMESTAMP, MIN_TIMESTAMP];
  private combined = MIN_TIMESTAMP;

  constructor(private readonly options: DriverOptions) {
    const operatorOptions: IntervalJoinOperatorOptions<TestElem, TestElem, unknown> = {
      lowerBound: options.lowerBound,
      upperBound: options.upperBound,
      lowerBoundInclusive: options.lowerBoundInclusive ?? true,
      upperBoundInclusive: options.upperBoundInclusive ?? true,
      keySelector: taggedKeySelector(key, key),
      fn: options.fn ?? passthrough,
      leftLateDataTag: options.leftLateDataTag,
      rightLateDataTag: options.rightLateDataTag,
    };
    this.harness = new KeyedOperatorHarness({
      operator: () => new IntervalJoinOperator(operatorOptions),
      uid: options.uid,
      restoreFrom: options.restoreFrom,
    });
  }

  /** A left element with its own timestamp (or `timestamp` when given, `undefined` for none). */
  element1(elem: TestElem | Millis, ...timestamp: [] | [Millis | undefined]): this {
    const value = typeof elem === 'number' ? lhs(elem) : elem;
    this.harness.processElement({ side: 'left', value }, timestamp.length === 0 ? value.ts : timestamp[0]);
    return this;
  }

  element2(elem: TestElem | Millis, ...timestamp: [] | [Millis | undefined]): this {
    const value = typeof elem === 'number' ? rhs(elem) : elem;
    this.harness.processElement({ side: 'right', value }, timestamp.length === 0 ? value.ts : timestamp[0]);
    return this;
  }

  watermark1(time: Millis): this {
    return this.watermark(0, time);
  }

  watermark2(time: Millis): this {
    return this.watermark(1, time);
  }

  /** Flink's processElementsAndWatermarks(from, to): one side element by element with its watermark, then the other. */
  elementsAndWatermarks(from: number, to: number, lhsFirst: boolean): this {
    const sides = lhsFirst ? [0, 1] : [1, 0];
    for (const side of sides) {
      for (let ts = from; ts <= to; ts++) {
        if (side === 0) this.element1(ts).watermark1(ts);
        else this.element2(ts).watermark2(ts);
      }
    }
    return this;
  }

  elements(): HarnessElement<unknown>[] {
    return this.harness.elements();
  }

  /** Main-output records as a sorted multiset (values with timestamps). */
  records(): { value: unknown; timestamp: Millis | undefined }[] {
    return multiset(this.harness.elements().flatMap((e) => (e.kind === 'record' ? [{ value: e.value, timestamp: e.timestamp }] : [])));
  }

  /** Flink's TestHarnessUtil.assertNoLateRecords: every record is stamped after the last watermark before it. */
  expectNoLateRecords(): this {
    let watermark = MIN_TIMESTAMP;
    for (const e of this.harness.elements()) {
      if (e.kind === 'watermark') watermark = e.timestamp;
      else if (e.kind === 'record') expect(e.timestamp!, `record ${JSON.stringify(e.value)} after watermark ${watermark}`).toBeGreaterThan(watermark);
    }
    return this;
  }

  /** The timestamps buffered on one side (all keys), read from a snapshot of the keyed backend. */
  buffered(side: 'left' | 'right'): Millis[] {
    return bufferedTimestamps(this.harness.snapshot(), side === 'left' ? LEFT_BUFFER : RIGHT_BUFFER);
  }

  snapshot(): OperatorSnapshot {
    return this.harness.snapshot();
  }

  /** A fresh operator restored from `snapshot`, with the same configuration. */
  restore(snapshot: OperatorSnapshot): IntervalJoinDriver {
    return new IntervalJoinDriver({ ...this.options, restoreFrom: snapshot });
  }

  close(): void {
    this.harness.close();
  }

  private watermark(input: 0 | 1, time: Millis): this {
    this.watermarks[input] = time;
    const min = Math.min(...this.watermarks);
    if (min > this.combined) {
      this.combined = min;
      this.harness.processWatermark(min);
    }
    return this;
  }
}

/** Sorted timestamps held in MapState `name` across all keys and key groups of `snapshot`. */
export function bufferedTimestamps(snapshot: OperatorSnapshot<KeyedStateSnapshot>, name: string): Millis[] {
  const timestamps: Millis[] = [];
  for (const group of snapshot.keyed?.keyGroups ?? []) {
    for (const state of group.states) {
      if (state.name !== name) continue;
      for (const [, , value] of state.rows) timestamps.push(...(value as Map<Millis, unknown[]>).keys());
    }
  }
  return timestamps.sort((a, b) => a - b);
}
