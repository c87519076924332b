import { MemoryStateBackend } from '../../src/state/memory/memory-state-backend.js';
import type { StateBackend } from '../../src/state/state-backend.js';
import {
  runGoldenJob,
  runGoldenJobFromSavepoint,
  runGoldenJobToSavepoint,
  WATERMARK_AT_SAVEPOINT,
  type GoldenResult,
} from './golden-savepoint-job.js';
import { createManifest, type GoldenSavepointManifest } from './golden-savepoint-manifest.js';

/** A golden savepoint just made, checked, with its manifest. */
export interface GeneratedGoldenSavepoint {
  readonly bytes: Uint8Array;
  readonly manifest: GoldenSavepointManifest;
}

/**
 * Takes the golden job's savepoint with `backend` and checks it before
 * anyone keeps it: a 'WSVP' version-1 file; exactly the results stamped at
 * or before {@link WATERMARK_AT_SAVEPOINT} were emitted before it; restored
 * into a memory backend it gives exactly the rest of a failure-free run.
 * Used by the fixture generators only (test/fixtures/generate-golden-savepoints.ts).
 *
 * @throws Error saying which check failed.
 */
export async function generateGoldenSavepoint(backend: StateBackend, producedBy: { runtime: string; backend: string }): Promise<GeneratedGoldenSavepoint> {
  const results = await runGoldenJob(new MemoryStateBackend());
  const run = await runGoldenJobToSavepoint(backend);
  const bytes = run.savepoint.bytes;
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  const version = new DataView(bytes.buffer, bytes.byteOffset).getUint16(4, true);
  if (magic !== 'WSVP' || version !== 1) throw new Error(`The savepoint starts with ${JSON.stringify(magic)} version ${version}, not "WSVP" version 1.`);
  requireSame('results emitted before the savepoint', run.emittedBeforeSavepoint, results.filter((r) => r.at <= WATERMARK_AT_SAVEPOINT));
  const restored = await runGoldenJobFromSavepoint(new MemoryStateBackend(), bytes);
  requireSame('results of the restored job', restored, results.filter((r) => r.at > WATERMARK_AT_SAVEPOINT));
  const manifest = await createManifest({ ...producedBy, checkpointId: run.savepoint.checkpointId, bytes, emittedBeforeSavepoint: run.emittedBeforeSavepoint, results });
  return { bytes, manifest };
}

function requireSame(what: string, actual: readonly GoldenResult[], expected: readonly GoldenResult[]): void {
  const key = (r: GoldenResult) => `${r.at} ${r.text}`;
  const a = actual.map(key);
  const e = expected.map(key);
  if (a.length === e.length && a.every((line, i) => line === e[i])) return;
  const missing = e.filter((line) => !a.includes(line));
  const unexpected = a.filter((line) => !e.includes(line));
  throw new Error(
    `The ${what} are not what a failure-free run gives (${a.length} instead of ${e.length}).\n` +
      `Missing:\n  ${missing.slice(0, 5).join('\n  ')}\nUnexpected:\n  ${unexpected.slice(0, 5).join('\n  ')}`,
  );
}
