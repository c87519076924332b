import type { Millis } from '../time/time-types.js';
import type { Collector } from './collector.js';
import type { OutputTag } from './output-tag.js';
import type { RuntimeContext } from './runtime-context.js';
import type { TimerService } from './timer-service.js';

/** Context of {@link KeyedProcessFunction.processElement}. */
export interface KeyedProcessContext<K> {
  /** Timestamp of the element, undefined when it has none. */
  readonly timestamp: Millis | undefined;
  readonly currentKey: K;
  readonly timerService: TimerService;
  /** Emits `value` to the side output `tag`, with the current timestamp. */
  output<X>(tag: OutputTag<X>, value: X): void;
}

/** Context of {@link KeyedProcessFunction.onTimer}. */
export interface OnTimerContext<K> extends KeyedProcessContext<K> {
  readonly timeDomain: 'event-time' | 'processing-time';
}

/**
 * Low-level keyed processing: per element and per timer, with keyed state
 * (from `open`), timers and side outputs. Outputs of `processElement` carry
 * the element's timestamp; outputs of an event-time `onTimer` carry the
 * timer's time; of a processing-time `onTimer`, none.
 *
 * With parallelism > 1 each subtask works on its own copy
 * (`Object.create(fn)`): fields assigned in `open` are per subtask.
 *
 * @example
 * ```ts
 * const countPerKey: KeyedProcessFunction<string, Click, [string, number]> = {
 *   open(ctx) { this.count = ctx.getState(new ValueStateDescriptor<number>({ name: 'n', defaultValue: 0 })); },
 *   processElement(click, ctx, out) {
 *     const n = this.count.value()! + 1;
 *     this.count.update(n);
 *     out.collect([ctx.currentKey, n]);
 *   },
 * } as KeyedProcessFunction<string, Click, [string, number]> & { count: ValueState<number> };
 * ```
 */
export interface KeyedProcessFunction<K, IN, OUT> {
  open?(context: RuntimeContext): void;
  processElement(value: IN, ctx: KeyedProcessContext<K>, out: Collector<OUT>): void;
  onTimer?(timestamp: Millis, ctx: OnTimerContext<K>, out: Collector<OUT>): void;
  close?(): void;
}
