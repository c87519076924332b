import { requireNonEmptyString } from '../errors/argument-checks.js';

/**
 * Names a side output of an operator. Records sent with `ctx.output(tag, v)`
 * appear on `stream.getSideOutput(tag)`, carrying their timestamp, and
 * watermarks flow to side outputs as to the main output.
 *
 * @example
 * ```ts
 * const late = new OutputTag<Event>('late');
 * const main = keyed.process(fn);
 * main.getSideOutput(late).collect();
 * ```
 */
export class OutputTag<T> {
  /** Phantom field: keeps `OutputTag<A>` and `OutputTag<B>` apart. */
  declare readonly __type?: T;
  constructor(readonly id: string) {
    requireNonEmptyString(id, 'An OutputTag id');
  }
}
