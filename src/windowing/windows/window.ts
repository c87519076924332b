import type { NamespaceKey } from '../../state/namespace-serializer.js';
import type { Millis } from '../../time/time-types.js';

/**
 * A window: a group of elements that are evaluated together. Window state,
 * trigger state and timers are keyed by (key, window); `key` is the window
 * as a primitive, so Map lookups compare windows by value.
 */
export interface Window {
  /** The largest timestamp still in the window; results are stamped with it. */
  maxTimestamp(): Millis;
  /** The window as a primitive map key (equal windows, equal keys). */
  readonly key: NamespaceKey;
}
