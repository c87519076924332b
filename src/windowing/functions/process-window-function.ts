import type { Collector } from '../../api/collector.js';
import type { OutputTag } from '../../api/output-tag.js';
import type { RuntimeContext } from '../../api/runtime-context.js';
import type { StateDescriptor } from '../../state/state-descriptor.js';
import type { Millis } from '../../time/time-types.js';
import type { Window } from '../windows/window.js';

/** What a {@link ProcessWindowFunction} sees of the window it evaluates. */
export interface ProcessWindowContext<W extends Window> {
  readonly window: W;
  currentProcessingTime(): Millis;
  currentWatermark(): Millis;
  /**
   * State of the current key scoped to this window; clear it in `clear()`.
   * @throws StateError (INVALID_ARGUMENT) with merging (session) windows, where it would not merge.
   */
  windowState<S>(descriptor: StateDescriptor<S>): S;
  /** State of the current key across all its windows. */
  globalState<S>(descriptor: StateDescriptor<S>): S;
  /** Emits to a side output, stamped like main results (window end - 1). */
  output<X>(tag: OutputTag<X>, value: X): void;
}

/**
 * Evaluates a window with all its contents (or, combined with reduce or
 * aggregate, with the one pre-aggregated result). Results carry the
 * timestamp `window.maxTimestamp()`.
 *
 * @example
 * ```ts
 * keyed.window(TumblingEventTimeWindows.of(60_000)).process({
 *   process(user, ctx, clicks, out) { out.collect({ user, clicks: clicks.length, end: ctx.window.end }); },
 * });
 * ```
 */
export interface ProcessWindowFunction<IN, OUT, K, W extends Window> {
  open?(context: RuntimeContext): void;
  process(key: K, context: ProcessWindowContext<W>, elements: readonly IN[], out: Collector<OUT>): void;
  /** Called when the window is cleaned up: clear per-window state here. */
  clear?(context: ProcessWindowContext<W>): void;
  close?(): void;
}
