import type { OutputTag } from '../../api/output-tag.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { StateError } from '../../errors/state-error.js';
import type { Output } from '../../runtime/output.js';
import { StreamRecord } from '../../runtime/stream-element.js';
import type { InternalKeyedState } from '../../state/internal-keyed-state.js';
import type { KeyedStateBackend } from '../../state/keyed-state-backend.js';
import type { NamespaceSerializer } from '../../state/namespace-serializer.js';
import type { StateDescriptor } from '../../state/state-descriptor.js';
import type { InternalTimerService } from '../../time/internal-timer-service.js';
import { MIN_TIMESTAMP, type Millis } from '../../time/time-types.js';
import type { WindowAssignerContext } from '../assigners/window-assigner.js';
import type { EvictorContext } from '../evictors/evictor.js';
import type { ProcessWindowContext } from '../functions/process-window-function.js';
import type { OnMergeContext } from '../triggers/trigger.js';
import type { Window } from '../windows/window.js';

/**
 * The one context object a window operator hands to its assigner, trigger,
 * evictor and window function, pointed at the current key (set on the
 * backend) and `window` before each call: no allocation per element.
 */
export class WindowContext<IN, W extends Window>
  implements WindowAssignerContext, OnMergeContext, ProcessWindowContext<W>, EvictorContext
{
  window!: W;
  /** Windows being merged into `window` (during onMerge only). */
  mergedWindows: readonly W[] = [];
  /** Timestamp of results and side outputs of the window being evaluated. */
  outputTimestamp: Millis = MIN_TIMESTAMP;
  private readonly partitioned = new Map<string, InternalKeyedState<W>>();

  constructor(
    private readonly backend: KeyedStateBackend,
    private readonly namespaces: NamespaceSerializer<W>,
    private readonly timers: InternalTimerService<W>,
    private readonly out: Output<unknown>,
    /** Windows merge (session windows): per-window state of the window function would not merge with them. */
    private readonly windowsMerge = false,
  ) {}

  currentProcessingTime(): Millis {
    return this.timers.currentProcessingTime();
  }

  currentWatermark(): Millis {
    return this.timers.currentWatermark();
  }

  registerEventTimeTimer(time: Millis): void {
    this.timers.registerEventTimeTimer(this.window, time);
  }

  registerProcessingTimeTimer(time: Millis): void {
    this.timers.registerProcessingTimeTimer(this.window, time);
  }

  deleteEventTimeTimer(time: Millis): void {
    this.timers.deleteEventTimeTimer(this.window, time);
  }

  deleteProcessingTimeTimer(time: Millis): void {
    this.timers.deleteProcessingTimeTimer(this.window, time);
  }

  getPartitionedState<S>(descriptor: StateDescriptor<S>): S {
    const state = this.namespacedState(descriptor);
    state.setCurrentNamespace(this.window);
    return state as unknown as S;
  }

  mergePartitionedState(descriptor: StateDescriptor<unknown>): void {
    if (this.mergedWindows.length === 0) return;
    this.namespacedState(descriptor).mergeNamespaces(this.window, this.mergedWindows);
  }

  windowState<S>(descriptor: StateDescriptor<S>): S {
    if (this.windowsMerge) {
      throw new StateError(
        ErrorCodes.INVALID_ARGUMENT,
        `Per-window state ('${descriptor.name}') is not allowed with merging (session) windows: it would not merge ` +
          'when the windows do. Keep it in globalState(), or in the window contents with reduce() or aggregate().',
      );
    }
    return this.getPartitionedState(descriptor);
  }

  globalState<S>(descriptor: StateDescriptor<S>): S {
    return this.backend.getState(descriptor);
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    this.out.collectSide(tag, new StreamRecord(value, this.outputTimestamp));
  }

  private namespacedState<S>(descriptor: StateDescriptor<S>): InternalKeyedState<W> {
    let state = this.partitioned.get(descriptor.name);
    if (state === undefined) {
      state = this.backend.getNamespacedState(descriptor, this.namespaces);
      this.partitioned.set(descriptor.name, state);
    }
    return state;
  }
}
