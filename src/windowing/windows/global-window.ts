import type { NamespaceSerializer } from '../../state/namespace-serializer.js';
import { MAX_TIMESTAMP, type Millis } from '../../time/time-types.js';
import type { Window } from './window.js';

/** The one window of GlobalWindows: every element of a key; ends at the end of time. */
export class GlobalWindow implements Window {
  static readonly INSTANCE = new GlobalWindow();
  readonly key = 'global';

  private constructor() {}

  maxTimestamp(): Millis {
    return MAX_TIMESTAMP;
  }

  toString(): string {
    return 'GlobalWindow';
  }

  static readonly namespaces: NamespaceSerializer<GlobalWindow> = {
    toKey: () => 'global',
    fromKey: () => GlobalWindow.INSTANCE,
  };
}
