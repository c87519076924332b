import type { Evictor, TimestampedValue } from '../evictors/evictor.js';
import type { Window } from '../windows/window.js';
import type { WindowContext } from './window-context.js';

/**
 * The evicting part of Flink's EvictingWindowOperator: a window keeps every
 * element; at evaluation the evictor may drop some before the function, the
 * function sees what is left (folded by reduce/aggregate when those were
 * given), and the evictor may drop more after. What it dropped is gone.
 */
export class EvictingEmitter<IN, CONTENTS, W extends Window> {
  private remaining: TimestampedValue<IN>[] = [];

  constructor(
    private readonly evictor: Evictor<IN, W>,
    private readonly fold: (elements: readonly IN[]) => CONTENTS | undefined,
    private readonly ctx: WindowContext<IN, W>,
  ) {}

  /**
   * Evicts before, then returns the function's input: the remaining elements
   * for a process function (possibly none, as in Flink), a folded value for
   * reduce/aggregate, or undefined when there is nothing to fold.
   */
  evictAndFold(elements: readonly TimestampedValue<IN>[], window: W): CONTENTS | undefined {
    this.remaining = [...elements];
    this.evictor.evictBefore(this.remaining, window, this.ctx);
    return this.fold(this.remaining.map((e) => e.value));
  }

  /** Evicts after; returns what the window keeps (undefined when empty). */
  afterEmit(window: W): TimestampedValue<IN>[] | undefined {
    this.evictor.evictAfter(this.remaining, window, this.ctx);
    const kept = this.remaining;
    this.remaining = [];
    return kept.length === 0 ? undefined : kept;
  }
}
