import { HeapKeyedStateBackend } from '../../src/state/heap/heap-keyed-state-backend.js';
import { KeyGroupRange } from '../../src/state/key-group-range.js';
import { decodeKeyedCheckpoint, type EncodedKeyedView } from '../../src/state/snapshot/decode-keyed-checkpoint.js';
import { stats, valueStateBackend } from './keyed-state-fixtures.js';

const KEYS = 1_000_000;
const ROUNDS = 3;

/**
 * (c) Decode + restore of 1 M keys (string keys, double values) from chunk
 * payloads in memory (storage I/O comes on top). The state that was
 * encoded is dropped first, so the heap holds what a restoring process
 * holds. Target: at most 0.3 s.
 */
export async function measureRestore(): Promise<string[]> {
  const source = valueStateBackend(KEYS).backend;
  const view = source.checkpointView(1, { incremental: false, compactEvery: 1 });
  const chunks = await view.encode({ targetChunkBytes: 4 << 20 });
  const stored: EncodedKeyedView = { ...view, chunks: chunks.map((chunk) => chunk.bytes) };
  view.release();
  source.dispose();
  const decode: number[] = [];
  const restore: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    (globalThis as { gc?: () => void }).gc?.();
    const started = performance.now();
    const snapshot = decodeKeyedCheckpoint([stored]);
    const decoded = performance.now();
    const backend = new HeapKeyedStateBackend({ keyGroupRange: KeyGroupRange.all(128), maxParallelism: 128 });
    backend.restore([snapshot]);
    restore.push(performance.now() - decoded);
    decode.push(decoded - started);
    backend.dispose();
  }
  const d = stats(decode);
  const s = stats(restore);
  const total = stats(decode.map((ms, i) => ms + restore[i]!));
  return [
    `(c) ${KEYS.toLocaleString('en-US')} keys (${(chunks.reduce((n, c) => n + c.bytes.length, 0) / 1e6).toFixed(1)} MB in ${chunks.length} chunks), ${ROUNDS} rounds: ` +
      `decode median ${d.median.toFixed(0)} ms, restore median ${s.median.toFixed(0)} ms, total median ${total.median.toFixed(0)} ms, max ${total.max.toFixed(0)} ms (target <= 300 ms)`,
  ];
}
