import { ErrorCodes } from '../../errors/error-codes.js';
import { StateError } from '../../errors/state-error.js';
import type { Window } from '../windows/window.js';

/** A merge would produce a window that is already past cleanup (Flink's UnsupportedOperationException). */
export class UnsupportedMergeError extends StateError {
  constructor(result: Window, merged: readonly Window[]) {
    super(
      ErrorCodes.UNSUPPORTED_MERGE,
      `Merging ${merged.map(String).join(', ')} gives ${String(result)}, which is already late: ` +
        'the window would shrink below what the watermark has passed. Merges must not shrink windows.',
    );
  }
}
