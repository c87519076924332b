import type { KeySelector } from '../../api/functions.js';
import type { OutputTag } from '../../api/output-tag.js';
import type { StreamOperator } from '../../runtime/stream-operator.js';
import type { AggregateFunction } from '../../state/aggregate-function.js';
import type { Millis } from '../../time/time-types.js';
import type { WindowAssigner } from '../assigners/window-assigner.js';
import type { Evictor } from '../evictors/evictor.js';
import {
  aggregateWindowFunction,
  processWindowFunction,
  reduceWindowFunction,
  type InternalWindowFunction,
} from '../functions/internal-window-function.js';
import type { ProcessWindowFunction } from '../functions/process-window-function.js';
import type { Trigger } from '../triggers/trigger.js';
import type { Window } from '../windows/window.js';
import {
  aggregatingContents,
  listContents,
  reducingContents,
  timestampedListContents,
  type WindowContents,
} from './window-contents.js';
import { WindowOperator } from './window-operator.js';

/** How windows are evaluated: what `reduce`, `aggregate` or `process` of a windowed stream was given. */
export type WindowEvaluation<T, OUT, K, W extends Window> =
  | { readonly kind: 'reduce'; readonly reduce: (a: T, b: T) => T; readonly then?: ProcessWindowFunction<T, OUT, K, W> }
  | {
      readonly kind: 'aggregate';
      readonly aggregate: AggregateFunction<T, unknown, unknown>;
      readonly then?: ProcessWindowFunction<unknown, OUT, K, W>;
    }
  | { readonly kind: 'process'; readonly process: ProcessWindowFunction<T, OUT, K, W> };

/** Everything a window operator is made of, as the user gave it (already checked). */
export interface WindowOperatorSpec<T, OUT, K, W extends Window> {
  readonly keySelector: KeySelector<T>;
  readonly assigner: WindowAssigner<T, W>;
  readonly trigger: Trigger<T, W>;
  readonly evictor: Evictor<T, W> | undefined;
  readonly allowedLateness: Millis;
  readonly lateDataTag: OutputTag<T> | undefined;
  readonly evaluation: WindowEvaluation<T, OUT, K, W>;
}

/** A window operator ready to be added to a job graph (or a test harness). */
export interface WindowOperatorPlan<T, OUT> {
  /** Node name: `Window(Reduce)`, `EvictingWindow(Process)`, ... */
  readonly name: string;
  /** Creates one operator instance per subtask (and per restore). */
  readonly createOperator: () => StreamOperator<T, OUT>;
}

/**
 * Turns user-level window pieces into a {@link WindowOperator} factory, the
 * one way `WindowedStream` and the window operator test harness build it:
 * the contents store (reduced value, accumulator or element list; with an
 * evictor always the timestamped element list), the function that evaluates
 * them, and how evicted lists are folded back for reduce/aggregate.
 */
export function createWindowOperator<T, OUT, K, W extends Window>(spec: WindowOperatorSpec<T, OUT, K, W>): WindowOperatorPlan<T, OUT> {
  const parts = evaluationParts(spec.evaluation);
  const evictor = spec.evictor;
  const label = spec.evaluation.kind === 'reduce' ? 'Reduce' : spec.evaluation.kind === 'aggregate' ? 'Aggregate' : 'Process';
  return {
    name: `${evictor === undefined ? 'Window' : 'EvictingWindow'}(${label})`,
    createOperator: () =>
      new WindowOperator<T, unknown, OUT, K, W>({
        keySelector: spec.keySelector,
        assigner: spec.assigner,
        trigger: spec.trigger,
        contents: evictor === undefined ? parts.contents : timestampedListContents<T>(),
        createFunction: parts.createFunction,
        allowedLateness: spec.allowedLateness,
        lateDataTag: spec.lateDataTag,
        evictor,
        foldEvicted: parts.foldEvicted,
      }),
  };
}

interface EvaluationParts<T, OUT, K, W extends Window> {
  readonly contents: WindowContents<T>;
  readonly createFunction: () => InternalWindowFunction<unknown, OUT, K, W>;
  readonly foldEvicted: (values: readonly T[]) => unknown;
}

function evaluationParts<T, OUT, K, W extends Window>(evaluation: WindowEvaluation<T, OUT, K, W>): EvaluationParts<T, OUT, K, W> {
  switch (evaluation.kind) {
    case 'reduce': {
      const { reduce, then } = evaluation;
      return {
        contents: reducingContents(reduce),
        createFunction: () => reduceWindowFunction(then) as InternalWindowFunction<unknown, OUT, K, W>,
        foldEvicted: (values) => (values.length === 0 ? undefined : values.reduce(reduce)),
      };
    }
    case 'aggregate': {
      const { aggregate, then } = evaluation;
      return {
        contents: aggregatingContents(aggregate),
        createFunction: () => aggregateWindowFunction(aggregate, then) as InternalWindowFunction<unknown, OUT, K, W>,
        foldEvicted: (values) =>
          values.length === 0 ? undefined : values.reduce((acc, v) => aggregate.add(v, acc), aggregate.createAccumulator()),
      };
    }
    case 'process': {
      const { process } = evaluation;
      return {
        contents: listContents<T>(),
        createFunction: () => processWindowFunction(process) as InternalWindowFunction<unknown, OUT, K, W>,
        foldEvicted: (values) => values,
      };
    }
  }
}
