import { HeapKeyedStateBackend } from '../../src/state/heap/heap-keyed-state-backend.js';
import type { KeyGroupRange } from '../../src/state/key-group-range.js';
import type { KeyedCheckpointView } from '../../src/state/keyed-checkpoint-view.js';
import type { KeyedStateSnapshot } from '../../src/state/keyed-state-snapshot.js';
import { encodeValue } from '../../src/state/codec/encode-value.js';
import { decodeKeyedCheckpoint, type EncodedKeyedView } from '../../src/state/snapshot/decode-keyed-checkpoint.js';

/** Encodes a view as the checkpoint writer would (small chunks, so several per view), then releases it. */
export async function persistView(view: KeyedCheckpointView, targetChunkBytes = 2048): Promise<EncodedKeyedView> {
  try {
    const chunks = await view.encode({ targetChunkBytes, pause: () => Promise.resolve() });
    return {
      kind: view.kind,
      maxParallelism: view.maxParallelism,
      keyGroupRange: view.keyGroupRange,
      states: view.states,
      chunks: chunks.map((chunk) => chunk.bytes),
      what: `checkpoint ${view.checkpointId}`,
    };
  } finally {
    view.release();
  }
}

/** A fresh heap backend for `range`, restored from chains of stored views (one chain per old subtask). */
export function restoreViews(range: KeyGroupRange, chains: readonly (readonly EncodedKeyedView[])[], maxParallelism = 128): HeapKeyedStateBackend {
  const backend = new HeapKeyedStateBackend({ keyGroupRange: range, maxParallelism });
  backend.restore(chains.map((chain) => decodeKeyedCheckpoint(chain, { keyGroupRange: range })));
  return backend;
}

/**
 * A snapshot in a comparable form: every row and section as a sorted list of
 * strings (codec bytes in hex), so row order and key groups without content do
 * not matter.
 */
export function canonical(snapshot: KeyedStateSnapshot): string[] {
  const out: string[] = [];
  const hex = (value: unknown) => Array.from(encodeValue(value), (b) => b.toString(16).padStart(2, '0')).join('');
  for (const group of snapshot.keyGroups) {
    for (const { name, rows } of group.states) for (const row of rows) out.push(`${group.keyGroup} ${name} ${hex(row)}`);
    for (const { name, rows } of group.sections) if (rows.length > 0) out.push(`${group.keyGroup} section ${name} ${hex(rows)}`);
  }
  return out.sort();
}
