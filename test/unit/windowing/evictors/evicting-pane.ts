import type { Millis } from '../../../../src/time/time-types.js';
import { MIN_TIMESTAMP } from '../../../../src/time/time-types.js';
import type { Evictor, EvictorContext, TimestampedValue } from '../../../../src/windowing/evictors/evictor.js';
import { CountTrigger } from '../../../../src/windowing/triggers/count-trigger.js';
import { GlobalWindow } from '../../../../src/windowing/windows/global-window.js';
import type { Window } from '../../../../src/windowing/windows/window.js';
import { TriggerTestContext } from '../../../support/trigger-test-context.js';

const CONTEXT: EvictorContext = { currentProcessingTime: () => 0, currentWatermark: () => MIN_TIMESTAMP };

/**
 * One key's pane as Flink's EvictingWindowOperator handles it, for porting
 * EvictingWindowOperatorTest: every element is kept; when a real
 * {@link CountTrigger} fires, the evictor runs before the function (a sum),
 * then after it, and what it evicted is gone for good.
 */
export class EvictingPane<W extends Window = GlobalWindow> {
  elements: TimestampedValue<number>[] = [];
  readonly results: number[] = [];
  private readonly trigger: TriggerTestContext<unknown, Window>;

  constructor(
    private readonly evictor: Evictor<number, W>,
    triggerCount: number,
    private readonly window: W = GlobalWindow.INSTANCE as unknown as W,
  ) {
    this.trigger = new TriggerTestContext(CountTrigger.of(triggerCount), { namespaces: GlobalWindow.namespaces });
  }

  /** Adds an element (timestamp undefined: none); evaluates when the count trigger fires. */
  add(value: number, timestamp?: Millis): this {
    this.elements.push({ value, timestamp });
    if (this.trigger.processElement(value, timestamp ?? MIN_TIMESTAMP, GlobalWindow.INSTANCE) === 'FIRE') this.fire();
    return this;
  }

  private fire(): void {
    const remaining = [...this.elements];
    this.evictor.evictBefore(remaining, this.window, CONTEXT);
    this.results.push(remaining.reduce((sum, e) => sum + e.value, 0));
    this.evictor.evictAfter(remaining, this.window, CONTEXT);
    this.elements = remaining;
  }
}

/** Elements from `[value, timestamp]` pairs. */
export function timestamped(...pairs: readonly (readonly [number, Millis | undefined])[]): TimestampedValue<number>[] {
  return pairs.map(([value, timestamp]) => ({ value, timestamp }));
}
