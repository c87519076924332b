import type { NamespaceKey } from '../state/namespace-serializer.js';
import type { InternalTimer } from './internal-timer.js';
import { MinHeap } from './min-heap.js';
import type { Millis } from './time-types.js';

/** Timers of one key at one time: usually one (one namespace), so no Map until a second arrives. */
type PerKey<N> = InternalTimer<N> | Map<NamespaceKey, InternalTimer<N>>;
type Bucket<N> = Map<unknown, PerKey<N>>;

/**
 * Timers of one time domain, bucketed by time: many keys usually share a
 * timer time (a window end), so a heap of distinct times plus a map per time
 * beats a heap of timers. Deduplicates per (key, namespace, time).
 */
export class TimerQueue<N> {
  private readonly buckets = new Map<Millis, Bucket<N>>();
  private readonly times = new MinHeap();
  private count = 0;
  private firing: Bucket<N> | undefined;
  private firingTime: Millis = 0;

  get size(): number {
    return this.count;
  }

  /** Adds the timer of (key, namespace, time); false when it is already queued. */
  add(key: unknown, keyHash: number, namespace: N, namespaceKey: NamespaceKey, time: Millis): boolean {
    // The bucket being fired is out of `buckets`; a timer still waiting in it is already queued.
    if (this.firing !== undefined && time === this.firingTime && hasTimer(this.firing, key, namespaceKey)) return false;
    let bucket = this.buckets.get(time);
    if (bucket === undefined) {
      bucket = new Map();
      this.buckets.set(time, bucket);
      this.times.push(time);
    }
    const existing = bucket.get(key);
    if (existing === undefined) {
      bucket.set(key, { key, keyHash, namespace, namespaceKey, time });
    } else if (existing instanceof Map) {
      if (existing.has(namespaceKey)) return false;
      existing.set(namespaceKey, { key, keyHash, namespace, namespaceKey, time });
    } else {
      if (existing.namespaceKey === namespaceKey) return false;
      const perKey = new Map<NamespaceKey, InternalTimer<N>>([[existing.namespaceKey, existing]]);
      perKey.set(namespaceKey, { key, keyHash, namespace, namespaceKey, time });
      bucket.set(key, perKey);
    }
    this.count++;
    return true;
  }

  /** Removes the timer of (key, namespace, time); false when there was none. */
  remove(key: unknown, namespaceKey: NamespaceKey, time: Millis): boolean {
    if (this.firing !== undefined && time === this.firingTime && removeFrom(this.firing, key, namespaceKey)) {
      this.count--;
      return true;
    }
    const bucket = this.buckets.get(time);
    if (bucket === undefined || !removeFrom(bucket, key, namespaceKey)) return false;
    // An emptied bucket's time stays in the heap; peekTime() skips it lazily.
    if (bucket.size === 0) this.buckets.delete(time);
    this.count--;
    return true;
  }

  /** Earliest time that has timers, or undefined. */
  peekTime(): Millis | undefined {
    for (;;) {
      const t = this.times.peek();
      if (t === undefined || this.buckets.has(t)) return t;
      this.times.pop();
    }
  }

  /**
   * Fires the timers of the earliest time if it is `<= limit`, in
   * registration order; returns false when nothing was due. A timer removed
   * while its bucket fires does not fire; timers added at the same time form
   * a new bucket that the caller's next call fires.
   */
  fireDue(limit: Millis, fire: (timer: InternalTimer<N>) => void): boolean {
    const t = this.peekTime();
    if (t === undefined || t > limit) return false;
    this.times.pop();
    const bucket = this.buckets.get(t)!;
    this.buckets.delete(t);
    this.firing = bucket;
    this.firingTime = t;
    try {
      for (const [key, perKey] of bucket) {
        if (perKey instanceof Map) {
          for (const [namespaceKey, timer] of perKey) {
            perKey.delete(namespaceKey);
            this.count--;
            fire(timer);
          }
        } else {
          bucket.delete(key);
          this.count--;
          fire(perKey);
        }
      }
    } finally {
      this.firing = undefined;
    }
    return true;
  }

  forEach(fn: (timer: InternalTimer<N>) => void): void {
    for (const bucket of this.buckets.values()) {
      for (const perKey of bucket.values()) {
        if (perKey instanceof Map) perKey.forEach((timer) => fn(timer));
        else fn(perKey);
      }
    }
  }

  clear(): void {
    this.buckets.clear();
    this.times.clear();
    this.count = 0;
  }
}

function hasTimer<N>(bucket: Bucket<N>, key: unknown, namespaceKey: NamespaceKey): boolean {
  const perKey = bucket.get(key);
  if (perKey === undefined) return false;
  return perKey instanceof Map ? perKey.has(namespaceKey) : perKey.namespaceKey === namespaceKey;
}

function removeFrom<N>(bucket: Bucket<N>, key: unknown, namespaceKey: NamespaceKey): boolean {
  const perKey = bucket.get(key);
  if (perKey === undefined) return false;
  if (perKey instanceof Map) {
    if (!perKey.delete(namespaceKey)) return false;
    if (perKey.size === 0) bucket.delete(key);
    return true;
  }
  if (perKey.namespaceKey !== namespaceKey) return false;
  bucket.delete(key);
  return true;
}
