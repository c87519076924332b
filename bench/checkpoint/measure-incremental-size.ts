import { valueStateBackend } from './keyed-state-fixtures.js';

const KEYS = 1_000_000;

/**
 * (b) Bytes of an incremental view after 1 % of 1 M keys changed (half
 * updated, half removed), against the full view. Target: at most 5 %.
 */
export async function measureIncrementalSize(): Promise<string[]> {
  const { backend, update } = valueStateBackend(KEYS);
  const bytes = async (id: number) => {
    const view = backend.checkpointView(id, { incremental: true, compactEvery: 100 });
    const chunks = await view.encode({ targetChunkBytes: 4 << 20 });
    view.release();
    return { kind: view.kind, bytes: chunks.reduce((n, chunk) => n + chunk.bytes.length, 0) };
  };
  const full = await bytes(1);
  const changed = KEYS / 100;
  for (let i = 0; i < changed; i++) {
    const key = (i * 104_729) % KEYS;
    if (i % 2 === 0) update(key, -i);
    else {
      // Removing: clear the value of that key.
      update(key, undefined as unknown as number);
    }
  }
  const delta = await bytes(2);
  backend.dispose();
  return [
    `(b) ${full.kind} view of ${KEYS.toLocaleString('en-US')} keys: ${(full.bytes / 1e6).toFixed(2)} MB; ` +
      `${delta.kind} view after 1 % changed (${changed / 2} updated, ${changed / 2} removed): ${(delta.bytes / 1e3).toFixed(1)} kB = ` +
      `${((100 * delta.bytes) / full.bytes).toFixed(2)} % (target <= 5 %)`,
  ];
}
