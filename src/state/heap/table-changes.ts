import type { NamespaceKey } from '../namespace-serializer.js';

/** Past this many logged removals in one table, the log is dropped and the next view is full. */
const MAX_LOGGED_REMOVALS = 4_000_000;

/**
 * What left one state table since the last checkpoint view, per group
 * offset, for incremental views: removed (key, namespace) entries and whole
 * namespaces dropped (a fired window). Puts need no log: entries carry the
 * version they were written at. Only kept while views are incremental.
 */
export class TableChanges {
  /** Per group offset: removed entries as flat [key, namespace, key, namespace, ...]. */
  removed: (unknown[] | undefined)[];
  /** Per group offset: namespaces dropped whole. */
  dropped: (NamespaceKey[] | undefined)[];
  private logged = 0;
  /** Too many removals were logged: the log is incomplete and the next view must be full. */
  overflowed = false;

  constructor(private readonly groupCount: number) {
    this.removed = new Array<unknown[] | undefined>(groupCount).fill(undefined);
    this.dropped = new Array<NamespaceKey[] | undefined>(groupCount).fill(undefined);
  }

  keyRemoved(g: number, key: unknown, namespace: NamespaceKey): void {
    if (++this.logged > MAX_LOGGED_REMOVALS) return this.overflow();
    const list = this.removed[g];
    if (list === undefined) this.removed[g] = [key, namespace];
    else list.push(key, namespace);
  }

  namespaceDropped(g: number, namespace: NamespaceKey): void {
    const list = this.dropped[g];
    if (list === undefined) this.dropped[g] = [namespace];
    else list.push(namespace);
  }

  /** Starts a new log (after a view took this one). */
  reset(): void {
    this.removed = new Array<unknown[] | undefined>(this.groupCount).fill(undefined);
    this.dropped = new Array<NamespaceKey[] | undefined>(this.groupCount).fill(undefined);
    this.logged = 0;
    this.overflowed = false;
  }

  private overflow(): void {
    this.overflowed = true;
    this.removed.fill(undefined);
  }
}
