import type { Collector } from '../../src/api/collector.js';
import type { DataStream } from '../../src/api/data-stream.js';
import type { Sink } from '../../src/connectors/sink.js';
import type { KeyedProcessContext, KeyedProcessFunction } from '../../src/api/keyed-process-function.js';
import type { RuntimeContext } from '../../src/api/runtime-context.js';
import type { JobClient } from '../../src/runtime/job-client.js';
import type { ValueState } from '../../src/state/keyed-state.js';
import { ValueStateDescriptor } from '../../src/state/state-descriptor.js';
import type { GatedSource } from './gated-source.js';

/** One input record: its index travels along so failures can be injected at exact records. */
export interface Numbered {
  readonly index: number;
  readonly key: string;
}

/** Record `i` of a stream over `keys` keys: key `k${i % keys}` (and `prefix` before it, for a second stream). */
export function numbered(i: number, keys: number, prefix = ''): Numbered {
  return { index: i, key: `${prefix}k${i % keys}` };
}

/** The count of one key after one of its records: what {@link CountPerKey} emits. */
export interface KeyCount {
  readonly key: string;
  readonly count: number;
}

/**
 * Counts records per key in value state and emits `{ key, count }` after
 * each: output that changes if a restore loses or double-counts a record.
 */
export class CountPerKey implements KeyedProcessFunction<string, Numbered, KeyCount> {
  private count!: ValueState<number>;

  open(ctx: RuntimeContext): void {
    this.count = ctx.getState(new ValueStateDescriptor<number>({ name: 'count', defaultValue: 0 }));
  }

  processElement(_value: Numbered, ctx: KeyedProcessContext<string>, out: Collector<KeyCount>): void {
    const count = this.count.value()! + 1;
    this.count.update(count);
    out.collect({ key: ctx.currentKey, count });
  }
}

/** `key:count`, the line a sink writes for one count. */
export const countLine = (c: KeyCount): string => `${c.key}:${c.count}`;

/** Every `key:count` line of a complete run over `events` records of {@link numbered}, sorted. */
export function expectedCountLines(events: number, keys: number, prefix = ''): string[] {
  const counts = new Map<string, number>();
  const lines: string[] = [];
  for (let i = 0; i < events; i++) {
    const { key } = numbered(i, keys, prefix);
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    lines.push(countLine({ key, count }));
  }
  return lines.sort();
}

/** A map function that throws the first time it sees each of `indexes` (a replay then passes). */
export function failOnceAt(indexes: readonly number[]): (record: Numbered) => Numbered {
  const armed = new Set(indexes);
  return (record) => {
    if (armed.delete(record.index)) throw new Error(`injected failure at record ${record.index}`);
    return record;
  };
}

/**
 * Lets `sources` run `step` records further each time a checkpoint completes
 * or fails, so checkpoints fall between records however fast the machine
 * is. Sources should start gated at `step`.
 */
export function paceByCheckpoints(job: JobClient, sources: readonly GatedSource<unknown>[], step: number): void {
  let gate = step;
  job.checkpoints$.subscribe((event) => {
    if (event.type !== 'completed' && event.type !== 'failed') return;
    gate += step;
    for (const source of sources) source.open(gate);
  });
}

/** Every status a job goes through, from subscription on. */
export function recordStatuses(job: Pick<JobClient, 'status$'>): string[] {
  const statuses: string[] = [];
  job.status$.subscribe((status) => statuses.push(status));
  return statuses;
}

/** Counts `records` per key and writes each `key:count` line to `sink` (uids: count, line, lines). */
export function countLinesInto(records: DataStream<Numbered>, sink: Sink<string>): void {
  records
    .keyBy((r) => r.key)
    .process(new CountPerKey())
    .uid('count')
    .map(countLine)
    .uid('line')
    .sinkTo(sink)
    .uid('lines');
}
