import type { Collector } from '../../api/collector.js';
import type { RuntimeContext } from '../../api/runtime-context.js';
import type { AggregateFunction } from '../../state/aggregate-function.js';
import type { Window } from '../windows/window.js';
import type { ProcessWindowContext, ProcessWindowFunction } from './process-window-function.js';

/**
 * How the window operator turns a window's stored contents into output:
 * the stored value (a reduced value, an accumulator, or a list of elements)
 * is passed as `contents`.
 */
export interface InternalWindowFunction<CONTENTS, OUT, K, W extends Window> {
  open(context: RuntimeContext): void;
  process(key: K, context: ProcessWindowContext<W>, contents: CONTENTS, out: Collector<OUT>): void;
  clear(context: ProcessWindowContext<W>): void;
  close(): void;
}

/** Emits the reduced value (or hands it to `then`). */
export function reduceWindowFunction<T, OUT, K, W extends Window>(
  then: ProcessWindowFunction<T, OUT, K, W> | undefined,
): InternalWindowFunction<T, OUT, K, W> {
  if (then === undefined) {
    return {
      open() {},
      process: (_key, _ctx, contents, out) => (out as Collector<unknown>).collect(contents),
      clear() {},
      close() {},
    };
  }
  return wrapProcess(then, (contents: T) => [contents]);
}

/** Emits `getResult(accumulator)` (or hands it to `then`). */
export function aggregateWindowFunction<IN, ACC, R, OUT, K, W extends Window>(
  aggregate: AggregateFunction<IN, ACC, R>,
  then: ProcessWindowFunction<R, OUT, K, W> | undefined,
): InternalWindowFunction<ACC, OUT, K, W> {
  if (then === undefined) {
    return {
      open() {},
      process: (_key, _ctx, contents, out) => (out as Collector<unknown>).collect(aggregate.getResult(contents)),
      clear() {},
      close() {},
    };
  }
  return wrapProcess(then, (contents: ACC) => [aggregate.getResult(contents)]);
}

/** Hands the window's element list to a process function. */
export function processWindowFunction<T, OUT, K, W extends Window>(
  fn: ProcessWindowFunction<T, OUT, K, W>,
): InternalWindowFunction<readonly T[], OUT, K, W> {
  return wrapProcess(fn, (contents: readonly T[]) => contents);
}

function wrapProcess<C, IN, OUT, K, W extends Window>(
  template: ProcessWindowFunction<IN, OUT, K, W>,
  toElements: (contents: C) => readonly IN[],
): InternalWindowFunction<C, OUT, K, W> {
  // One copy per subtask, as for process functions: fields set in open() stay per subtask.
  const fn = Object.create(template) as ProcessWindowFunction<IN, OUT, K, W>;
  return {
    open: (context) => fn.open?.(context),
    process: (key, context, contents, out) => fn.process(key, context, toElements(contents), out),
    clear: (context) => fn.clear?.(context),
    close: () => fn.close?.(),
  };
}
