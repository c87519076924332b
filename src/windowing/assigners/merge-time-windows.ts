import { TimeWindow } from '../windows/time-window.js';

/** Receives one group of windows that merge into `result` (Flink's MergeCallback). */
export type MergeCallback<W> = (toBeMerged: readonly W[], result: W) => void;

/**
 * Flink's `TimeWindow.mergeWindows`: sorts `windows` by start, gathers
 * windows that intersect the running cover (touching counts: `[0,1)` and
 * `[1,2)` merge, `[0,5500)` and `[5501,8501)` do not) and calls
 * `merge(group, cover)` for every group of two or more distinct windows.
 * Equal windows count once (Flink collects a group in a set), so a window
 * given twice is not a merge. All groups are found before the first call.
 *
 * @example
 * ```ts
 * mergeTimeWindows([new TimeWindow(4, 5), new TimeWindow(0, 2), new TimeWindow(1, 3)], (group, cover) => {
 *   // called once: group [0,2) and [1,3), cover [0,3)
 * });
 * ```
 */
export function mergeTimeWindows(windows: readonly TimeWindow[], merge: MergeCallback<TimeWindow>): void {
  if (windows.length < 2) return;
  if (windows.length === 2) {
    // The common case (one session in flight plus the new window), without sorting or sets.
    const [first, second] = windows[0]!.start <= windows[1]!.start ? [windows[0]!, windows[1]!] : [windows[1]!, windows[0]!];
    if (first.intersects(second) && !(first.start === second.start && first.end === second.end)) {
      merge([first, second], widen(first, second));
    }
    return;
  }
  const sorted = [...windows].sort((a, b) => a.start - b.start);
  const merges: Array<{ group: TimeWindow[]; cover: TimeWindow }> = [];
  let group = [sorted[0]!];
  let keys = new Set([sorted[0]!.key]);
  let cover = sorted[0]!;
  for (let i = 1; i < sorted.length; i++) {
    const candidate = sorted[i]!;
    if (cover.intersects(candidate)) {
      if (!keys.has(candidate.key)) {
        keys.add(candidate.key);
        group.push(candidate);
      }
      cover = widen(cover, candidate);
    } else {
      if (group.length > 1) merges.push({ group, cover });
      group = [candidate];
      keys = new Set([candidate.key]);
      cover = candidate;
    }
  }
  if (group.length > 1) merges.push({ group, cover });
  for (const { group: toBeMerged, cover: result } of merges) merge(toBeMerged, result);
}

/** `cover.cover(candidate)` for a candidate starting no earlier, reusing an existing window when one is the cover. */
function widen(cover: TimeWindow, candidate: TimeWindow): TimeWindow {
  if (candidate.end <= cover.end) return cover;
  return candidate.start === cover.start ? candidate : new TimeWindow(cover.start, candidate.end);
}
