import type { NamespaceSerializer } from '../../state/namespace-serializer.js';
import type { Millis } from '../../time/time-types.js';
import { EndOfStreamTrigger } from '../triggers/end-of-stream-trigger.js';
import { NeverTrigger } from '../triggers/never-trigger.js';
import type { Trigger } from '../triggers/trigger.js';
import { GlobalWindow } from '../windows/global-window.js';
import type { WindowAssigner, WindowAssignerContext } from './window-assigner.js';

const ONLY_WINDOW: readonly GlobalWindow[] = Object.freeze([GlobalWindow.INSTANCE]);

/**
 * Puts every element of a key into the one {@link GlobalWindow} (Flink's
 * GlobalWindows). It never ends, so it needs a trigger that fires: `create()`
 * defaults to a trigger that never fires (set your own, e.g. a CountTrigger),
 * `createWithEndOfStreamTrigger()` fires once when the input ends.
 * `isEventTime` is false: no late-element handling and no cleanup timer.
 *
 * The array returned by `assignWindows` is shared: do not mutate it (it is frozen).
 *
 * @example
 * ```ts
 * // Sum every 100 elements per key:
 * keyed.window(GlobalWindows.create()).trigger(PurgingTrigger.of(CountTrigger.of(100))).reduce((a, b) => a + b);
 * // One result per key at the end of a bounded input:
 * keyed.window(GlobalWindows.createWithEndOfStreamTrigger()).reduce((a, b) => a + b);
 * ```
 */
export class GlobalWindows implements WindowAssigner<unknown, GlobalWindow> {
  readonly isEventTime = false;
  readonly namespaces: NamespaceSerializer<GlobalWindow> = GlobalWindow.namespaces;

  private constructor(private readonly createTrigger: () => Trigger<unknown, GlobalWindow>) {}

  /** Global windows whose default trigger never fires. */
  static create(): GlobalWindows {
    return new GlobalWindows(() => NeverTrigger.create());
  }

  /** Global windows whose default trigger fires once, at the final watermark (end of input). */
  static createWithEndOfStreamTrigger(): GlobalWindows {
    return new GlobalWindows(() => EndOfStreamTrigger.create());
  }

  /** Always `[GlobalWindow.INSTANCE]`. */
  assignWindows(_element: unknown, _timestamp: Millis, _context: WindowAssignerContext): readonly GlobalWindow[] {
    return ONLY_WINDOW;
  }

  /** A NeverTrigger, or an EndOfStreamTrigger for `createWithEndOfStreamTrigger()`. */
  defaultTrigger(): Trigger<unknown, GlobalWindow> {
    return this.createTrigger();
  }

  toString(): string {
    return 'GlobalWindows()';
  }
}
