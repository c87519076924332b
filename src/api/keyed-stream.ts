import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import { describeValue } from '../errors/argument-checks.js';
import type { InputEdge, JobNode } from '../runtime/job-graph.js';
import { KeyedProcessOperator } from '../runtime/operators/keyed-process-operator.js';
import type { OperatorFactory } from '../runtime/stream-operator.js';
import type { Key } from '../state/key-encoding.js';
import type { DataStream, StreamRef } from './data-stream.js';
import type { KeySelector } from './functions.js';
import { IntervalJoin } from './interval-join.js';
import type { KeyedProcessFunction } from './keyed-process-function.js';
import type { StreamEnvironment } from './stream-environment.js';
import { WindowedStream } from './windowed-stream.js';
import type { WindowAssigner } from '../windowing/assigners/window-assigner.js';
import { GlobalWindows } from '../windowing/assigners/global-windows.js';
import { CountEvictor } from '../windowing/evictors/count-evictor.js';
import { CountTrigger } from '../windowing/triggers/count-trigger.js';
import { PurgingTrigger } from '../windowing/triggers/purging-trigger.js';
import type { GlobalWindow } from '../windowing/windows/global-window.js';
import type { Window } from '../windowing/windows/window.js';

/**
 * A stream partitioned by key (from `keyBy`). Operators applied to it get
 * records routed by key group and may use keyed state and timers.
 */
export class KeyedStream<T, K extends Key> {
  /** @internal */
  constructor(
    readonly env: StreamEnvironment,
    /** @internal */ readonly refs: readonly StreamRef[],
    readonly keySelector: KeySelector<T, K>,
    /** @internal Wraps a new operator node as a DataStream (kept out of imports to avoid a cycle). */
    private readonly toStream: (node: JobNode) => DataStream<unknown>,
    /** @internal The stream that was keyed: joins tag its elements and key them again. */
    readonly input: DataStream<T>,
  ) {}

  /**
   * Processes each record with keyed state, timers and side outputs.
   * @throws ConfigError WEIR_NOT_A_FUNCTION when `fn.processElement` (or a given open/onTimer/close) is not a function.
   */
  process<OUT>(fn: KeyedProcessFunction<K, T, OUT>): DataStream<OUT> {
    if (fn === null || typeof fn !== 'object' || typeof fn.processElement !== 'function') {
      throw new ConfigError(
        ErrorCodes.NOT_A_FUNCTION,
        `process() needs an object with a processElement(value, ctx, out) function, got ${describeValue(fn)}.`,
      );
    }
    for (const hook of ['open', 'onTimer', 'close'] as const) {
      if (fn[hook] !== undefined && typeof fn[hook] !== 'function') {
        throw new ConfigError(ErrorCodes.NOT_A_FUNCTION, `process(): ${hook} must be a function when given, got ${describeValue(fn[hook])}.`);
      }
    }
    const keySelector = this.keySelector as KeySelector<T>;
    return this.addKeyedOperator<OUT>('KeyedProcess', () => new KeyedProcessOperator<K, T, OUT>(fn, keySelector) as never);
  }

  /**
   * Cuts the stream into windows per key.
   * @example `keyed.window(TumblingEventTimeWindows.of(3_000)).reduce((a, b) => a + b)`
   */
  window<W extends Window>(assigner: WindowAssigner<T, W>): WindowedStream<T, K, W> {
    if (assigner === null || typeof assigner !== 'object' || typeof assigner.assignWindows !== 'function') {
      throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `window() needs a WindowAssigner, got ${describeValue(assigner)}.`);
    }
    return new WindowedStream<T, K, W>(this, assigner);
  }

  /** Windows of `size` elements per key, evaluated and purged when full (GlobalWindows + PurgingTrigger(CountTrigger)). */
  countWindow(size: number): WindowedStream<T, K, GlobalWindow>;
  /** Windows of the last `size` elements, evaluated every `slide` elements (GlobalWindows + CountEvictor + CountTrigger). */
  countWindow(size: number, slide: number): WindowedStream<T, K, GlobalWindow>;
  countWindow(size: number, slide?: number): WindowedStream<T, K, GlobalWindow> {
    const windows = this.window(GlobalWindows.create() as WindowAssigner<T, GlobalWindow>);
    if (slide === undefined) return windows.trigger(PurgingTrigger.of<T, GlobalWindow>(CountTrigger.of<GlobalWindow>(size)));
    return windows.evictor(CountEvictor.of<GlobalWindow>(size)).trigger(CountTrigger.of<GlobalWindow>(slide));
  }

  /**
   * Joins this stream with `other` (keyed by an equal key type) over a time
   * interval: each element of this stream at time `l` meets each element of
   * `other` with the same key at a time within `[l + lower, l + upper]`, set
   * with `between(lower, upper)`. Event time only; see {@link IntervalJoin}.
   *
   * @example
   * ```ts
   * orders.keyBy((o) => o.id)
   *   .intervalJoin(payments.keyBy((p) => p.orderId))
   *   .between(0, 60_000) // payments within a minute after the order
   *   .process((order, payment, ctx, out) => out.collect({ order, payment, paidAfter: ctx.rightTimestamp - ctx.leftTimestamp }));
   * ```
   * @throws ConfigError INVALID_ARGUMENT when `other` is not a KeyedStream of the same environment.
   */
  intervalJoin<R>(other: KeyedStream<R, K>): IntervalJoin<T, R, K> {
    if (!(other instanceof KeyedStream) || other.env !== this.env) {
      throw new ConfigError(
        ErrorCodes.INVALID_ARGUMENT,
        `intervalJoin() takes a KeyedStream of the same environment (call keyBy() on the other stream), got ${describeValue(other)}.`,
      );
    }
    return new IntervalJoin<T, R, K>(this, other);
  }

  /** @internal Adds an operator that reads this stream by key and owns keyed state. */
  addKeyedOperator<R>(name: string, createOperator: OperatorFactory<T, R>): DataStream<R> {
    this.env.requireBuildable();
    const node = this.env.graph.add({
      name,
      kind: 'operator',
      inputs: this.edges(),
      keyed: true,
      createOperator: createOperator as OperatorFactory<unknown, unknown>,
    });
    return this.toStream(node) as DataStream<R>;
  }

  private edges(): InputEdge[] {
    return this.refs.map((ref) => ({ nodeId: ref.nodeId, tagId: ref.tagId, keySelector: this.keySelector as KeySelector<unknown> }));
  }
}
