import type { HarnessElement } from './harness-output.js';

/**
 * Flink's expected-output rule (TestHarnessUtil.assertOutputEqualsSorted):
 * watermark positions must match exactly, records between two watermarks are
 * a multiset. Returns the elements with each run of records sorted (by
 * timestamp, then by a canonical rendering of the value), so two outputs can
 * be compared with `toEqual`.
 */
export function sortBetweenWatermarks<T>(elements: readonly HarnessElement<T>[]): HarnessElement<T>[] {
  const result: HarnessElement<T>[] = [];
  let run: HarnessElement<T>[] = [];
  const flush = () => {
    run.sort((a, b) => compare(a, b));
    result.push(...run);
    run = [];
  };
  for (const element of elements) {
    if (element.kind === 'record') {
      run.push(element);
    } else {
      flush();
      result.push(element);
    }
  }
  flush();
  return result;
}

function compare<T>(a: HarnessElement<T>, b: HarnessElement<T>): number {
  const ta = a.kind === 'record' ? (a.timestamp ?? Number.MIN_SAFE_INTEGER) : 0;
  const tb = b.kind === 'record' ? (b.timestamp ?? Number.MIN_SAFE_INTEGER) : 0;
  if (ta !== tb) return ta - tb;
  const ra = render(a.kind === 'record' ? a.value : undefined);
  const rb = render(b.kind === 'record' ? b.value : undefined);
  return ra < rb ? -1 : ra > rb ? 1 : 0;
}

function render(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
}
