import { GOLDEN_JOB, WATERMARK_AT_SAVEPOINT, type GoldenResult } from './golden-savepoint-job.js';

/** The golden savepoint files, relative to the repository root. */
export const GOLDEN_SAVEPOINTS = {
  filesystemNode: 'test/fixtures/savepoints/v1-filesystem-node',
  indexeddbChromium: 'test/fixtures/savepoints/v1-indexeddb-chromium',
} as const;

/** `<base>.weirsp` is the savepoint file; `<base>.json` its manifest. */
export const savepointFile = (base: string) => `${base}.weirsp`;
export const manifestFile = (base: string) => `${base}.json`;

/** A count and SHA-256 of results: the lines `<at> <text>`, sorted, joined by newlines. */
export interface ResultsDigest {
  readonly count: number;
  readonly sha256: string;
}

/**
 * What the JSON next to a golden savepoint file says: which job, where the
 * savepoint was taken, and checksums of the results the job gives, so a test
 * can tell "the format broke" apart from "someone changed the golden job".
 */
export interface GoldenSavepointManifest {
  readonly description: string;
  readonly format: { readonly magic: 'WSVP'; readonly version: number };
  readonly job: {
    readonly name: string;
    readonly events: number;
    readonly savepointAt: number;
    readonly parallelism: number;
    readonly maxParallelism: number;
  };
  readonly producedBy: { readonly runtime: string; readonly backend: string; readonly generatedAt: string };
  readonly savepoint: { readonly checkpointId: number; readonly bytes: number; readonly sha256: string };
  /** Results stamped at or before this were emitted before the savepoint; the rest come from a restore. */
  readonly watermarkAtSavepoint: number;
  readonly emittedBeforeSavepoint: ResultsDigest;
  /** All results of a failure-free run. */
  readonly results: ResultsDigest;
}

/** SHA-256 of `bytes`, in hex (Web Crypto: the same in Node and browsers). */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The digest of already sorted results. */
export async function digestResults(results: readonly GoldenResult[]): Promise<ResultsDigest> {
  const text = results.map((r) => `${r.at} ${r.text}`).join('\n');
  return { count: results.length, sha256: await sha256(new TextEncoder().encode(text)) };
}

/** What a generator passes to {@link createManifest}. */
export interface ManifestInput {
  readonly runtime: string;
  readonly backend: string;
  readonly checkpointId: number;
  readonly bytes: Uint8Array;
  readonly emittedBeforeSavepoint: readonly GoldenResult[];
  readonly results: readonly GoldenResult[];
}

/** The manifest of a freshly generated golden savepoint. */
export async function createManifest(input: ManifestInput): Promise<GoldenSavepointManifest> {
  return {
    description:
      'A golden savepoint of the golden job (test/support/golden-savepoint-job.ts). It must keep restoring: never regenerate it ' +
      'to make a test pass (see README.md beside it).',
    format: { magic: 'WSVP', version: new DataView(input.bytes.buffer, input.bytes.byteOffset).getUint16(4, true) },
    job: {
      name: GOLDEN_JOB.name,
      events: GOLDEN_JOB.events,
      savepointAt: GOLDEN_JOB.savepointAt,
      parallelism: GOLDEN_JOB.parallelism,
      maxParallelism: GOLDEN_JOB.maxParallelism,
    },
    producedBy: { runtime: input.runtime, backend: input.backend, generatedAt: new Date().toISOString() },
    savepoint: { checkpointId: input.checkpointId, bytes: input.bytes.byteLength, sha256: await sha256(input.bytes) },
    watermarkAtSavepoint: WATERMARK_AT_SAVEPOINT,
    emittedBeforeSavepoint: await digestResults(input.emittedBeforeSavepoint),
    results: await digestResults(input.results),
  };
}
