import { filter, from, groupBy, lastValueFrom, map, mergeMap, reduce } from 'rxjs';
import { passesFilter, seedEvents, windowStart, type SeedResult } from '../seed-job.js';
import type { Variant } from '../variant.js';

/**
 * The seed job written as idiomatic RxJS: one group per (key, window) and a
 * `reduce` per group.
 *
 * There are no watermarks, so no group completes before the source does: every
 * (key, window) group and its subscriber chain stays alive until the end of
 * input. That is why it is slow and runs out of memory at 10 M events; it is
 * here as the design weir must not copy (see ARCHITECTURE.md). The sink is a
 * `reduce` rather than `count()` because it also adds up the sums.
 */
function runRxjsGroupBy(events: number): Promise<SeedResult> {
  const results$ = from(seedEvents(events)).pipe(
    groupBy((e) => `${e.key}@${windowStart(e.timestamp)}`),
    mergeMap((group) =>
      group.pipe(
        reduce((sum, e) => sum + e.value, 0),
        map((sum) => ({ key: group.key.slice(0, group.key.lastIndexOf('@')), sum })),
      ),
    ),
    filter((r) => passesFilter(r.key)),
    reduce((acc, r) => ({ resultCount: acc.resultCount + 1, checksum: acc.checksum + r.sum }), {
      resultCount: 0,
      checksum: 0,
    }),
  );
  return lastValueFrom(results$);
}

/** Variant `rxjs-groupby`: runs at 1 M events unless `--events-for rxjs-groupby=N` says otherwise. */
const rxjsGroupBy: Variant = {
  description: 'idiomatic RxJS: groupBy(key+window) → mergeMap(reduce) → filter → count',
  run: runRxjsGroupBy,
  defaultEvents: 1_000_000,
  heapMB: 2048,
  timeoutSeconds: 300,
};

export default rxjsGroupBy;
