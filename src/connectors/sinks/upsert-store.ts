/**
 * Where an {@link IdempotentUpsertSink} writes: a key-value store whose
 * `upsert` inserts or overwrites. Called once per record, one call at a time
 * and in record order (the next call waits for a returned promise). A throw
 * or rejection fails the job.
 *
 * @example
 * ```ts
 * const redisStore: UpsertStore<string, number> = {
 *   upsert: (key, value) => redis.set(key, String(value)).then(() => undefined),
 * };
 * stream.sinkTo(new IdempotentUpsertSink({ store: redisStore }));
 * ```
 */
export interface UpsertStore<K, V> {
  upsert(key: K, value: V): void | Promise<void>;
}

/**
 * An {@link UpsertStore} in a `Map`: the default of {@link IdempotentUpsertSink}.
 *
 * @example
 * ```ts
 * const store = new MapUpsertStore<string, number>();
 * store.upsert('a', 1);
 * store.entries.get('a'); // 1
 * ```
 */
export class MapUpsertStore<K, V> implements UpsertStore<K, V> {
  /** The stored entries. */
  readonly entries = new Map<K, V>();

  upsert(key: K, value: V): void {
    this.entries.set(key, value);
  }
}
