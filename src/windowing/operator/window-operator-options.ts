import type { KeySelector } from '../../api/functions.js';
import type { OutputTag } from '../../api/output-tag.js';
import type { Millis } from '../../time/time-types.js';
import type { WindowAssigner } from '../assigners/window-assigner.js';
import type { Evictor } from '../evictors/evictor.js';
import type { InternalWindowFunction } from '../functions/internal-window-function.js';
import type { Trigger } from '../triggers/trigger.js';
import type { Window } from '../windows/window.js';
import type { WindowContents } from './window-contents.js';

/** Everything a window operator is built from. */
export interface WindowOperatorOptions<IN, CONTENTS, OUT, K, W extends Window> {
  readonly keySelector: KeySelector<IN>;
  readonly assigner: WindowAssigner<IN, W>;
  readonly trigger: Trigger<IN, W>;
  readonly contents: WindowContents<IN>;
  /** Creates this subtask's function (called once per operator instance). */
  readonly createFunction: () => InternalWindowFunction<CONTENTS, OUT, K, W>;
  readonly allowedLateness: Millis;
  readonly lateDataTag: OutputTag<IN> | undefined;
  /** With an evictor, contents are the timestamped element list and `reduceContents` folds them at emission. */
  readonly evictor: Evictor<IN, W> | undefined;
  readonly foldEvicted?: (elements: readonly IN[]) => CONTENTS | undefined;
}
