import type { NamespaceSerializer } from '../../state/namespace-serializer.js';
import type { Millis } from '../../time/time-types.js';
import type { Trigger } from '../triggers/trigger.js';
import type { Window } from '../windows/window.js';

/** What an assigner may ask while assigning. */
export interface WindowAssignerContext {
  currentProcessingTime(): Millis;
}

/**
 * Puts each element into zero or more windows (Flink's WindowAssigner).
 *
 * Contract: `assignWindows` is called once per element, with the element's
 * timestamp (MIN_TIMESTAMP when it has none); it must not keep the returned
 * array. Processing-time assigners ignore the timestamp.
 */
export interface WindowAssigner<T, W extends Window> {
  assignWindows(element: T, timestamp: Millis, context: WindowAssignerContext): readonly W[];
  /** The trigger used when the user sets none. */
  defaultTrigger(): Trigger<T, W>;
  /** Event-time assigners get lateness handling and cleanup timers. */
  readonly isEventTime: boolean;
  /** Turns windows into state namespaces and back. */
  readonly namespaces: NamespaceSerializer<W>;
}

/**
 * An assigner whose windows can merge (session windows). The operator calls
 * `mergeWindows` with a key's in-flight windows plus the new one.
 */
export interface MergingWindowAssigner<T, W extends Window> extends WindowAssigner<T, W> {
  readonly merging: true;
  /** Calls `merge(toBeMerged, result)` for each group of windows that merge into `result` (groups of 2+). */
  mergeWindows(windows: readonly W[], merge: (toBeMerged: readonly W[], result: W) => void): void;
}

/** Whether `assigner` merges windows. */
export function isMergingAssigner<T, W extends Window>(assigner: WindowAssigner<T, W>): assigner is MergingWindowAssigner<T, W> {
  return (assigner as Partial<MergingWindowAssigner<T, W>>).merging === true;
}
