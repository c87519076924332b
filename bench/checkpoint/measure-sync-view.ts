import type { HeapKeyedStateBackend } from '../../src/state/heap/heap-keyed-state-backend.js';
import { stats, valueStateBackend, windowStateBackend } from './keyed-state-fixtures.js';

const KEYS = 100_000;
const VIEWS = 50;

/**
 * (a) The synchronous part of `checkpointView` at 100 k keys, for value
 * state of numbers and for window state (3 open windows of accumulators):
 * 1 000 keys change between views, each view is encoded and released, as a
 * checkpoint would do. Target: at most 5 ms.
 */
export async function measureSyncView(): Promise<string[]> {
  const value = valueStateBackend(KEYS);
  const lines = [await measure('value state (numbers)', value.backend, (r, i) => value.update((i * 7919 + r) % KEYS, r))];
  value.backend.dispose();
  const windows = windowStateBackend(KEYS, 3);
  lines.push(await measure('window state (3 windows x accumulators)', windows.backend, (r, i) => windows.add((i * 7919 + r) % KEYS, i % 3)));
  return lines;
}

async function measure(name: string, backend: HeapKeyedStateBackend, change: (round: number, i: number) => void): Promise<string> {
  const sync: number[] = [];
  const encode: number[] = [];
  for (let r = 0; r < VIEWS; r++) {
    const started = performance.now();
    const view = backend.checkpointView(r + 1, { incremental: true, compactEvery: 10 });
    sync.push(performance.now() - started);
    // Records keep flowing while the view is encoded: the first writes pay the copy-on-write.
    for (let i = 0; i < 1_000; i++) change(r, i);
    const encodeStart = performance.now();
    await view.encode({ targetChunkBytes: 4 << 20, pause: () => new Promise((resolve) => setImmediate(resolve)) });
    encode.push(performance.now() - encodeStart);
    view.release();
  }
  const s = stats(sync);
  const e = stats(encode);
  return (
    `(a) checkpointView sync part, ${name}, ${KEYS.toLocaleString('en-US')} keys, ${VIEWS} views: ` +
    `median ${s.median.toFixed(3)} ms, max ${s.max.toFixed(3)} ms (target <= 5 ms); encode median ${e.median.toFixed(0)} ms`
  );
}
