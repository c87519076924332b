import type { NamespaceKey } from '../state/namespace-serializer.js';
import type { Millis } from './time-types.js';

/** A pending timer: unique per (key, namespace, time) in its time domain. */
export interface InternalTimer<N> {
  /** The interned key the timer belongs to. */
  readonly key: unknown;
  /** The key's 32-bit hash as the backend's `currentKeyHash` gave it (its group is `keyGroupOfHash(keyHash, maxParallelism)`). */
  readonly keyHash: number;
  readonly namespace: N;
  readonly namespaceKey: NamespaceKey;
  readonly time: Millis;
}

/** Receives fired timers; the current key is already set to the timer's key. */
export interface Triggerable<N> {
  onEventTime(timer: InternalTimer<N>): void;
  onProcessingTime(timer: InternalTimer<N>): void;
}
