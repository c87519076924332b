import { describe, expect, it } from 'vitest';
import { IdempotentUpsertSink } from '../../../src/connectors/sinks/idempotent-upsert-sink.js';
import { MapUpsertStore, type UpsertStore } from '../../../src/connectors/sinks/upsert-store.js';
import { ConfigError } from '../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { deferred } from './ledger-writer.js';
import { SinkRun } from './sink-run.js';

type Entry = readonly [string, number];
const records: Entry[] = [
  ['a', 1],
  ['b', 1],
  ['a', 2],
  ['c', 1],
  ['b', 2],
  ['a', 3],
];

/** A Map store that counts its writes. */
class CountingStore extends MapUpsertStore<string, number> {
  writes = 0;
  override upsert(key: string, value: number): void {
    this.writes++;
    super.upsert(key, value);
  }
}

/** An asynchronous store whose upserts finish when the test says so. */
class GatedStore implements UpsertStore<string, number> {
  readonly entries = new Map<string, number>();
  readonly gates: ReturnType<typeof deferred>[] = [];
  upsert(key: string, value: number): Promise<void> {
    const gate = deferred();
    this.gates.push(gate);
    return gate.promise.then(() => void this.entries.set(key, value));
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

describe('IdempotentUpsertSink', () => {
  it('ends with the store of a failure-free run after a crash and replay, though some records were written twice', async () => {
    const clean = new IdempotentUpsertSink<string, number>();
    await (await SinkRun.start(clean, records)).finish();

    const store = new CountingStore();
    const sink = new IdempotentUpsertSink<string, number, CountingStore>({ store });
    const first = await SinkRun.start(sink, records);
    first.write(2);
    const checkpoint1 = await first.snapshot(1);
    await first.complete(1);
    first.write(3);
    // crash, then restore from checkpoint 1: records 2..4 are replayed
    const second = await SinkRun.start(sink, records, checkpoint1);
    await second.finish();
    expect([...store.entries]).toEqual([...clean.store.entries]);
    expect(store.writes).toBe(records.length + 3);
  });

  it('keeps no state of its own in checkpoints when the store is synchronous', async () => {
    const run = await SinkRun.start(new IdempotentUpsertSink<string, number>(), records);
    run.write(2);
    expect((await run.snapshot(1)).state).toBeUndefined();
  });

  it('applies asynchronous upserts one at a time in record order, and snapshots only after those before the barrier', async () => {
    const store = new GatedStore();
    const writer = new IdempotentUpsertSink<string, number, GatedStore>({ store }).createWriter();
    writer.write(['a', 1], undefined);
    writer.write(['a', 2], undefined);
    let acknowledged = false;
    const snapshot = Promise.resolve(writer.snapshotState?.(1)).then(() => (acknowledged = true));
    await settle();
    expect(store.gates).toHaveLength(1); // the second upsert waits for the first
    store.gates[0]!.resolve();
    await settle();
    expect(acknowledged).toBe(false);
    store.gates[1]!.resolve();
    await snapshot;
    expect(store.entries.get('a')).toBe(2);
  });

  it('fails the snapshot and the next write when an asynchronous upsert fails', async () => {
    const store = new GatedStore();
    const writer = new IdempotentUpsertSink<string, number, GatedStore>({ store }).createWriter();
    writer.write(['a', 1], undefined);
    const snapshot = writer.snapshotState?.(1);
    const failure = new Error('store down');
    store.gates[0]!.reject(failure);
    await expect(snapshot).rejects.toBe(failure);
    expect(() => writer.write(['b', 1], undefined)).toThrow(failure);
  });

  it('surfaces a synchronous store failure from write', () => {
    const failure = new Error('store down');
    const store: UpsertStore<string, number> = {
      upsert: () => {
        throw failure;
      },
    };
    const writer = new IdempotentUpsertSink({ store }).createWriter();
    expect(() => writer.write(['a', 1], undefined)).toThrow(failure);
  });

  it('refuses a record that is not a [key, value] pair', () => {
    const writer = new IdempotentUpsertSink<string, number>().createWriter();
    const write = () => writer.write({ key: 'a', value: 1 } as unknown as Entry, undefined);
    expect(write).toThrow(ConfigError);
    expect(write).toThrow(expect.objectContaining({ code: ErrorCodes.INVALID_ARGUMENT }));
  });

  it.each<[string, unknown, string]>([
    ['a store without upsert', { store: {} }, ErrorCodes.NOT_A_FUNCTION],
    ['a null store', { store: null }, ErrorCodes.NOT_A_FUNCTION],
    ['options that are not an object', 'map', ErrorCodes.INVALID_ARGUMENT],
  ])('refuses %s', (_what, options, code) => {
    const create = () => new IdempotentUpsertSink(options as { store?: UpsertStore<unknown, unknown> });
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(expect.objectContaining({ code }));
  });
});
