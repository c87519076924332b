import { describeValue, requireFunction } from '../../errors/argument-checks.js';
import { ConfigError } from '../../errors/config-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import type { Sink, SinkWriter } from '../sink.js';
import { SequentialSteps } from './sequential-steps.js';
import { MapUpsertStore, type UpsertStore } from './upsert-store.js';

/**
 * Writes `[key, value]` records as upserts: Flink's "idempotent writes" road
 * to exactly-once. Writes are at-least-once: after a restore the source
 * replays the records since the checkpoint and they are written again, but
 * each replayed upsert overwrites its key with the value it wrote before. So
 * for a deterministic pipeline (same input, same `[key, value]` records) the
 * store ends exactly as after a run without failure. Between the failure and
 * the replay catching up, readers may see values from ahead of the restored
 * checkpoint; nothing is ever duplicated.
 *
 * Upserts run one at a time, in record order; when the store is asynchronous
 * a checkpoint's snapshot resolves only once every upsert before its barrier
 * is done (the runtime must await it before acknowledging).
 *
 * @example
 * ```ts
 * const sink = new IdempotentUpsertSink<string, number>();
 * counts.map(([word, n]) => [word, n] as const).sinkTo(sink);
 * await env.execute().result;
 * sink.store.entries.get('weir');
 * ```
 * @throws ConfigError (NOT_A_FUNCTION) when the store has no upsert function.
 */
export class IdempotentUpsertSink<K, V, S extends UpsertStore<K, V> = MapUpsertStore<K, V>> implements Sink<readonly [K, V]> {
  readonly name = 'Idempotent Upsert Sink';
  /** Where the records go. */
  readonly store: S;

  constructor(options: { readonly store?: S } = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `IdempotentUpsertSink options must be an object, got ${describeValue(options)}.`);
    }
    this.store = options.store === undefined ? (new MapUpsertStore<K, V>() as UpsertStore<K, V> as S) : options.store;
    requireFunction((this.store as Partial<UpsertStore<K, V>> | null)?.upsert, 'The upsert store’s upsert method');
  }

  createWriter(): SinkWriter<readonly [K, V]> {
    const store = this.store;
    const upserts = new SequentialSteps();
    // A checkpoint and the end both wait for every upsert before them (and fail with a failed one).
    const drained = (): void | Promise<undefined> => {
      upserts.throwIfFailed();
      return upserts.idle()?.then(() => undefined);
    };
    return {
      write: (record) => {
        if (!Array.isArray(record) || record.length !== 2) {
          throw new ConfigError(
            ErrorCodes.INVALID_ARGUMENT,
            `IdempotentUpsertSink writes [key, value] pairs, got ${describeValue(record)}. Map the stream to [key, value] first.`,
          );
        }
        upserts.run(() => store.upsert(record[0], record[1]));
      },
      snapshotState: drained,
      finish: drained,
    };
  }
}
