import { HeapKeyedStateBackend } from '../../src/state/heap/heap-keyed-state-backend.js';
import { KeyGroupRange } from '../../src/state/key-group-range.js';
import { decodeKeyedCheckpoint } from '../../src/state/snapshot/decode-keyed-checkpoint.js';
import type { EncodedKeyedView } from '../../src/state/snapshot/encoded-keyed-view.js';
import { collectGc, stats, valueStateBackend } from './keyed-state-fixtures.js';

const KEYS = 1_000_000;
const ROUNDS = 5;

/**
 * (c) Restore of 1 M keys (string keys, double values) from chunk payloads
 * in memory (storage I/O comes on top): `restore` of the encoded views
 * (decoded straight into the heap tables, what checkpoints do), and for
 * comparison the rows path (`decodeKeyedCheckpoint`, then `restore` of the
 * snapshot), alternating in one process. The state that was encoded is
 * dropped first, so the heap holds what a restoring process holds.
 * Target: at most 0.3 s.
 */
export async function measureRestore(): Promise<string[]> {
  const source = valueStateBackend(KEYS).backend;
  const view = source.checkpointView(1, { incremental: false, compactEvery: 1 });
  const chunks = await view.encode({ targetChunkBytes: 4 << 20 });
  const stored: EncodedKeyedView = { ...view, chunks: chunks.map((chunk) => chunk.bytes) };
  view.release();
  source.dispose();
  const gc = collectGc();
  const direct: number[] = [];
  const directGc: number[] = [];
  const decode: number[] = [];
  const rows: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    await gc.settle();
    const since = gc.total();
    let started = performance.now();
    const backend = new HeapKeyedStateBackend({ keyGroupRange: KeyGroupRange.all(128), maxParallelism: 128 });
    backend.restore([{ kind: 'encoded', chains: [[stored]] }]);
    direct.push(performance.now() - started);
    await gc.flush();
    directGc.push(gc.total() - since);
    backend.dispose();

    await gc.settle();
    started = performance.now();
    const snapshot = decodeKeyedCheckpoint([stored]);
    const decoded = performance.now();
    const fromRows = new HeapKeyedStateBackend({ keyGroupRange: KeyGroupRange.all(128), maxParallelism: 128 });
    fromRows.restore([snapshot]);
    rows.push(performance.now() - decoded);
    decode.push(decoded - started);
    fromRows.dispose();
  }
  const d = stats(direct);
  const rowTotal = stats(decode.map((ms, i) => ms + rows[i]!));
  return [
    `(c) ${KEYS.toLocaleString('en-US')} keys (${(chunks.reduce((n, c) => n + c.bytes.length, 0) / 1e6).toFixed(1)} MB in ${chunks.length} chunks), ${ROUNDS} rounds: ` +
      `restore from chunks median ${d.median.toFixed(0)} ms, max ${d.max.toFixed(0)} ms (of which GC median ${stats(directGc).median.toFixed(0)} ms) (target <= 300 ms); ` +
      `via rows: decode median ${stats(decode).median.toFixed(0)} ms + restore median ${stats(rows).median.toFixed(0)} ms, total median ${rowTotal.median.toFixed(0)} ms`,
  ];
}
