import type { MapState } from '../../state/keyed-state.js';
import type { NamespaceKey, NamespaceSerializer } from '../../state/namespace-serializer.js';
import type { MergingWindowAssigner } from '../assigners/window-assigner.js';
import type { Window } from '../windows/window.js';

/** Called when windows merge: the result, the windows merged into it, and the state windows to fold into the result's. */
export type MergeFunction<W> = (mergeResult: W, mergedWindows: readonly W[], stateWindowResult: W, mergedStateWindows: readonly W[]) => void;

/**
 * The in-flight windows of one key of a merging assigner (Flink's
 * MergingWindowSet). Each window maps to the "state window" whose namespace
 * holds its contents: when windows merge, contents stay in one of the
 * original state windows instead of being copied.
 *
 * Loaded from keyed map state for the current key, changed, then `persist()`ed.
 */
export class MergingWindowSet<W extends Window> {
  private readonly mapping = new Map<NamespaceKey, { window: W; stateWindow: W }>();
  // Entries written or removed since the last persist(), so persist() touches only those.
  private readonly dirty = new Set<NamespaceKey>();

  constructor(
    private readonly assigner: MergingWindowAssigner<unknown, W>,
    namespaces: NamespaceSerializer<W>,
    private readonly state: MapState<NamespaceKey, NamespaceKey>,
  ) {
    for (const [windowKey, stateKey] of state.entries()) {
      this.mapping.set(windowKey, { window: namespaces.fromKey(windowKey), stateWindow: namespaces.fromKey(stateKey) });
    }
  }

  /** The state window of `window`, or undefined when `window` is not in flight. */
  getStateWindow(window: W): W | undefined {
    return this.mapping.get(window.key)?.stateWindow;
  }

  /** Removes `window` (cleaned up, or late). */
  retireWindow(window: W): void {
    if (this.mapping.delete(window.key)) this.dirty.add(window.key);
  }

  /**
   * Adds `newWindow`, merging it (and any windows it bridges) as the assigner
   * says; calls `merge` for each merge that involves existing state. Returns
   * the window `newWindow` ended up in.
   */
  addWindow(newWindow: W, merge: MergeFunction<W>): W {
    // Already in flight (a window equal to a merged session): re-mapping it to itself would orphan its contents.
    if (this.mapping.has(newWindow.key)) return newWindow;
    const windows = [...this.mapping.values()].map((m) => m.window);
    windows.push(newWindow);
    const results: { result: W; merged: W[] }[] = [];
    this.assigner.mergeWindows(windows, (toBeMerged, result) => results.push({ result, merged: [...toBeMerged] }));

    let resultWindow = newWindow;
    let mergedNewWindow = false;
    for (const { result, merged } of results) {
      const newIndex = merged.findIndex((w) => w.key === newWindow.key);
      if (newIndex >= 0) {
        merged.splice(newIndex, 1);
        mergedNewWindow = true;
        resultWindow = result;
      }
      // Contents stay in the state window of one of the merged windows.
      const stateWindowResult = this.mapping.get(merged[0]!.key)!.stateWindow;
      const mergedStateWindows: W[] = [];
      for (const w of merged) {
        const entry = this.mapping.get(w.key);
        if (entry !== undefined) {
          this.mapping.delete(w.key);
          this.dirty.add(w.key);
          if (entry.stateWindow.key !== stateWindowResult.key) mergedStateWindows.push(entry.stateWindow);
        }
      }
      this.mapping.set(result.key, { window: result, stateWindow: stateWindowResult });
      this.dirty.add(result.key);
      // A new window that only lands inside one existing window is not a merge.
      const onlyItself = merged.length === 1 && merged[0]!.key === result.key;
      if (!onlyItself) merge(result, merged, stateWindowResult, mergedStateWindows);
    }
    if (results.length === 0 || (resultWindow.key === newWindow.key && !mergedNewWindow)) {
      this.mapping.set(resultWindow.key, { window: resultWindow, stateWindow: resultWindow });
      this.dirty.add(resultWindow.key);
    }
    return resultWindow;
  }

  /** Whether no window is in flight. */
  get isEmpty(): boolean {
    return this.mapping.size === 0;
  }

  /** Writes what changed back to keyed state (the current key must be this set's key). */
  persist(): void {
    if (this.dirty.size === 0) return;
    for (const windowKey of this.dirty) {
      const entry = this.mapping.get(windowKey);
      if (entry === undefined) this.state.remove(windowKey);
      else this.state.put(windowKey, entry.stateWindow.key);
    }
    this.dirty.clear();
  }
}
