import type { KeyedStateBackend } from '../state/keyed-state-backend.js';
import { keyGroupOfHash, type KeyGroup } from '../state/key-group.js';
import type { Key } from '../state/key-encoding.js';
import type { NamespaceKey, NamespaceSerializer } from '../state/namespace-serializer.js';
import type { ProcessingTimeService } from '../runtime/processing-time-service.js';
import type { Cancel } from './clock.js';
import type { InternalTimer, Triggerable } from './internal-timer.js';
import { TimerQueue } from './timer-queue.js';
import { MIN_TIMESTAMP, type Millis } from './time-types.js';

const EVENT_TIME = 0;
const PROCESSING_TIME = 1;
type TimerRow = readonly [domain: number, key: unknown, namespace: NamespaceKey, time: Millis];

/**
 * Per-key event-time and processing-time timers of one keyed operator
 * subtask (Flink's InternalTimerService). Timers are keyed state: they
 * snapshot per key group through the keyed backend, and restore with it.
 *
 * Event-time timers fire in `advanceWatermark`, all those with
 * `time <= watermark`, in time order, each with its key made current.
 * Processing-time timers fire from the clock.
 */
export class InternalTimerService<N> {
  private readonly eventTimers = new TimerQueue<N>();
  private readonly processingTimers = new TimerQueue<N>();
  private watermark: Millis = MIN_TIMESTAMP;
  private scheduledAt: Millis | undefined;
  private cancelScheduled: Cancel | undefined;
  private snapshotCache: Map<KeyGroup, TimerRow[]> | undefined;

  constructor(
    readonly name: string,
    private readonly backend: KeyedStateBackend,
    private readonly namespaces: NamespaceSerializer<N>,
    private readonly triggerable: Triggerable<N>,
    private readonly processingTime: ProcessingTimeService,
  ) {
    backend.registerSection({
      name: `timers/${name}`,
      snapshotKeyGroup: (keyGroup) => this.snapshotKeyGroup(keyGroup),
      restoreKeyGroup: (keyGroup, rows) => this.restoreKeyGroup(keyGroup, rows as readonly TimerRow[]),
    });
  }

  currentWatermark(): Millis {
    return this.watermark;
  }

  currentProcessingTime(): Millis {
    return this.processingTime.now();
  }

  /** Registers an event-time timer for the current key. */
  registerEventTimeTimer(namespace: N, time: Millis): void {
    const b = this.backend;
    if (this.eventTimers.add(b.currentKey, b.currentKeyHash, namespace, this.namespaces.toKey(namespace), time)) {
      this.snapshotCache = undefined;
    }
  }

  registerProcessingTimeTimer(namespace: N, time: Millis): void {
    const b = this.backend;
    if (this.processingTimers.add(b.currentKey, b.currentKeyHash, namespace, this.namespaces.toKey(namespace), time)) {
      this.snapshotCache = undefined;
      this.scheduleNextProcessingTimer();
    }
  }

  deleteEventTimeTimer(namespace: N, time: Millis): void {
    if (this.eventTimers.remove(this.backend.currentKey, this.namespaces.toKey(namespace), time)) {
      this.snapshotCache = undefined;
    }
  }

  deleteProcessingTimeTimer(namespace: N, time: Millis): void {
    if (this.processingTimers.remove(this.backend.currentKey, this.namespaces.toKey(namespace), time)) {
      this.snapshotCache = undefined;
    }
  }

  /** Fires every event-time timer with `time <= watermark`, then remembers the watermark. */
  advanceWatermark(watermark: Millis): void {
    this.watermark = watermark;
    const fire = (timer: InternalTimer<N>) => {
      this.backend.setCurrentKeyAndHash(timer.key as Key, timer.keyHash);
      this.triggerable.onEventTime(timer);
    };
    while (this.eventTimers.fireDue(watermark, fire)) this.snapshotCache = undefined;
  }

  /** Starts the clock for restored processing-time timers; call from open(). */
  start(): void {
    this.scheduleNextProcessingTimer();
  }

  /** Number of pending timers (event time, processing time). */
  get pendingCount(): { eventTime: number; processingTime: number } {
    return { eventTime: this.eventTimers.size, processingTime: this.processingTimers.size };
  }

  /** Drops the clock callback; timers stay (they are state). */
  stop(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = undefined;
    this.scheduledAt = undefined;
  }

  private onProcessingTime(now: Millis): void {
    this.scheduledAt = undefined;
    this.cancelScheduled = undefined;
    const fire = (timer: InternalTimer<N>) => {
      this.backend.setCurrentKeyAndHash(timer.key as Key, timer.keyHash);
      this.triggerable.onProcessingTime(timer);
    };
    while (this.processingTimers.fireDue(now, fire)) this.snapshotCache = undefined;
    this.scheduleNextProcessingTimer();
  }

  private scheduleNextProcessingTimer(): void {
    const next = this.processingTimers.peekTime();
    if (next === undefined || (this.scheduledAt !== undefined && this.scheduledAt <= next)) return;
    this.cancelScheduled?.();
    this.scheduledAt = next;
    this.cancelScheduled = this.processingTime.schedule(next, (now) => this.onProcessingTime(now));
  }

  private snapshotKeyGroup(keyGroup: KeyGroup): readonly unknown[] {
    // The backend asks once per key group; group all timers in one pass and reuse until something changes.
    if (this.snapshotCache === undefined) {
      const cache = new Map<KeyGroup, TimerRow[]>();
      const add = (domain: number) => (t: InternalTimer<N>) => {
        const keyGroup = keyGroupOfHash(t.keyHash, this.backend.maxParallelism);
        let rows = cache.get(keyGroup);
        if (rows === undefined) cache.set(keyGroup, (rows = []));
        rows.push([domain, t.key, t.namespaceKey, t.time]);
      };
      this.eventTimers.forEach(add(EVENT_TIME));
      this.processingTimers.forEach(add(PROCESSING_TIME));
      this.snapshotCache = cache;
    }
    return this.snapshotCache.get(keyGroup) ?? [];
  }

  private restoreKeyGroup(keyGroup: KeyGroup, rows: readonly TimerRow[]): void {
    for (const [domain, key, namespaceKey, time] of rows) {
      this.backend.setCurrentKey(key);
      const queue = domain === EVENT_TIME ? this.eventTimers : this.processingTimers;
      queue.add(this.backend.currentKey, this.backend.currentKeyHash, this.namespaces.fromKey(namespaceKey), namespaceKey, time);
    }
    this.snapshotCache = undefined;
  }
}
