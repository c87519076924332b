/**
 * Versions for copy-on-write checkpoint views, shared by every map of one
 * backend (Flink's CopyOnWriteStateMap versions, per backend instead of per
 * map). Each entry of a {@link KeyHashMap} carries the version it was last
 * written (or handed out for mutation) at:
 *
 * - an entry is shared with an unreleased view iff its version is below
 *   {@link required} (it was in place when that view was taken), so it must
 *   be copied before it is mutated in place;
 * - an entry changed since view `v` iff its version is `>= v`: what an
 *   incremental view writes.
 */
export class CopyOnWriteClock {
  /** Stamped on every entry written now; bumped by each view. */
  version = 0;
  /** The newest unreleased view's version, 0 when none: entries stamped below it are shared. */
  required = 0;
  private readonly open = new Set<number>();

  /** A view starts: returns its version. Entries stamped below it are in the view. */
  startView(): number {
    const version = ++this.version;
    this.open.add(version);
    this.required = version;
    return version;
  }

  /** The view of `version` was released (idempotent). */
  endView(version: number): void {
    if (!this.open.delete(version)) return;
    let newest = 0;
    for (const open of this.open) newest = Math.max(newest, open);
    this.required = newest;
  }
}

/** A clock that never has a view: maps outside a backend (caches) use it. */
export const NO_VIEWS = new CopyOnWriteClock();
