import type { KeySelector } from '../api/functions.js';
import type { OutputTag } from '../api/output-tag.js';
import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import type { OperatorSnapshot } from '../runtime/operator-snapshot.js';
import type { AggregateFunction } from '../state/aggregate-function.js';
import type { StateBackend } from '../state/state-backend.js';
import type { Millis } from '../time/time-types.js';
import type { WindowAssigner } from '../windowing/assigners/window-assigner.js';
import type { Evictor } from '../windowing/evictors/evictor.js';
import type { ProcessWindowFunction } from '../windowing/functions/process-window-function.js';
import { createWindowOperator, type WindowEvaluation } from '../windowing/operator/create-window-operator.js';
import type { Trigger } from '../windowing/triggers/trigger.js';
import type { Window } from '../windowing/windows/window.js';
import { KeyedOperatorHarness } from './keyed-operator-harness.js';

/** The parts of a windowed stream, as `keyed.window(assigner)...` would get them. */
interface WindowPieces<IN, W extends Window> {
  readonly keySelector: KeySelector<IN>;
  readonly assigner: WindowAssigner<IN, W>;
  /** Default: the assigner's default trigger. */
  readonly trigger?: Trigger<IN, W>;
  readonly evictor?: Evictor<IN, W>;
  /** Default 0. */
  readonly allowedLateness?: Millis;
  readonly lateDataTag?: OutputTag<IN>;
  /** Processing time starts here. Default 0. */
  readonly processingTime?: Millis;
  readonly uid?: string;
  readonly maxParallelism?: number;
  /** Which subtask of how many this harness plays; decides its key-group range. Default 0 of 1. */
  readonly subtaskIndex?: number;
  readonly parallelism?: number;
  readonly stateBackend?: StateBackend;
  /** Restore from this snapshot before open() (e.g. into an operator with a different trigger object). */
  readonly restoreFrom?: OperatorSnapshot;
}

/** How the windows are evaluated: exactly one of `reduce`, `aggregate` or `process` (as on a windowed stream). */
type Evaluation<IN, OUT, K, W extends Window> =
  | {
      readonly reduce: (a: IN, b: IN) => IN;
      readonly then?: ProcessWindowFunction<IN, OUT, K, W>;
      readonly aggregate?: never;
      readonly process?: never;
    }
  | {
      readonly aggregate: AggregateFunction<IN, unknown, unknown>;
      readonly then?: ProcessWindowFunction<unknown, OUT, K, W>;
      readonly reduce?: never;
      readonly process?: never;
    }
  | {
      readonly process: ProcessWindowFunction<IN, OUT, K, W>;
      readonly reduce?: never;
      readonly aggregate?: never;
      readonly then?: never;
    };

/** Options of {@link windowOperatorHarness}. */
export type WindowOperatorHarnessOptions<IN, OUT, K, W extends Window> = WindowPieces<IN, W> & Evaluation<IN, OUT, K, W>;

/**
 * A {@link KeyedOperatorHarness} around the window operator that
 * `keyed.window(assigner)` with the same trigger, evictor, lateness, late-data
 * tag and function would run: feed elements and watermarks, move processing
 * time, snapshot and restore a fresh instance, read results and side outputs.
 *
 * @example
 * ```ts
 * const h = windowOperatorHarness({
 *   keySelector: ([key]: [string, number]) => key,
 *   assigner: TumblingEventTimeWindows.of(3_000),
 *   reduce: (a, b) => [a[0], a[1] + b[1]],
 * });
 * h.processElement(['a', 1], 10).processElement(['a', 2], 20).processWatermark(2_999);
 * h.records(); // [['a', 3]], stamped 2999
 * ```
 * @throws ConfigError (INVALID_ARGUMENT) unless exactly one of `reduce`, `aggregate`, `process` is given,
 *   or when `then` comes with `process`.
 */
export function windowOperatorHarness<IN, OUT = IN, K = unknown, W extends Window = Window>(
  options: WindowOperatorHarnessOptions<IN, OUT, K, W>,
): KeyedOperatorHarness<IN, OUT> {
  const plan = createWindowOperator<IN, OUT, K, W>({
    keySelector: options.keySelector,
    assigner: options.assigner,
    trigger: options.trigger ?? options.assigner.defaultTrigger(),
    evictor: options.evictor,
    allowedLateness: options.allowedLateness ?? 0,
    lateDataTag: options.lateDataTag,
    evaluation: evaluationOf(options),
  });
  return new KeyedOperatorHarness<IN, OUT>({
    operator: plan.createOperator,
    processingTime: options.processingTime,
    uid: options.uid,
    maxParallelism: options.maxParallelism,
    subtaskIndex: options.subtaskIndex,
    parallelism: options.parallelism,
    stateBackend: options.stateBackend,
    restoreFrom: options.restoreFrom,
  });
}

function evaluationOf<IN, OUT, K, W extends Window>(options: Evaluation<IN, OUT, K, W>): WindowEvaluation<IN, OUT, K, W> {
  const given = (['reduce', 'aggregate', 'process'] as const).filter((name) => options[name] !== undefined);
  if (given.length !== 1) {
    throw new ConfigError(
      ErrorCodes.INVALID_ARGUMENT,
      `windowOperatorHarness needs exactly one of reduce, aggregate or process, got ${given.length === 0 ? 'none' : given.join(' and ')}.`,
    );
  }
  if (options.reduce !== undefined) return { kind: 'reduce', reduce: options.reduce, then: options.then };
  if (options.aggregate !== undefined) {
    return {
      kind: 'aggregate',
      aggregate: options.aggregate,
      then: options.then as ProcessWindowFunction<unknown, OUT, K, W> | undefined,
    };
  }
  if (options.then !== undefined) {
    throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, 'windowOperatorHarness: `then` goes with reduce or aggregate, not with process.');
  }
  return { kind: 'process', process: options.process! };
}
