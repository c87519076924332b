/// <reference types="vite/client" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { IndexedDBStateBackend } from '../../../src/state/indexeddb/indexeddb-state-backend.js';
import { MemoryStateBackend } from '../../../src/state/memory/memory-state-backend.js';
import {
  runGoldenJob,
  runGoldenJobFromSavepoint,
  runGoldenJobToSavepoint,
  sortResults,
  type GoldenResult,
} from '../../support/golden-savepoint-job.js';
import { digestResults, sha256, type GoldenSavepointManifest } from '../../support/golden-savepoint-manifest.js';
import { testDatabases } from '../../support/indexeddb-databases.js';
import { flipByte, savepointHeader } from '../../support/savepoint-bytes.js';
import nodeSavepointUrl from '../../fixtures/savepoints/v1-filesystem-node.weirsp?url';
import nodeManifestUrl from '../../fixtures/savepoints/v1-filesystem-node.json?url';
import chromiumSavepointUrl from '../../fixtures/savepoints/v1-indexeddb-chromium.weirsp?url';
import chromiumManifestUrl from '../../fixtures/savepoints/v1-indexeddb-chromium.json?url';

const databases = testDatabases('weir-golden');
afterAll(() => databases.deleteAll());

interface Golden {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly manifest: GoldenSavepointManifest;
}

/** Fetches a fixture the dev server serves (vite `?url`); fails loudly rather than restoring an HTML error page. */
async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Fetching the fixture ${url} failed: HTTP ${response.status}.`);
  return response;
}

async function loadGolden(name: string, savepointUrl: string, manifestUrl: string): Promise<Golden> {
  return {
    name,
    bytes: new Uint8Array(await (await fetchOk(savepointUrl)).arrayBuffer()),
    manifest: (await (await fetchOk(manifestUrl)).json()) as GoldenSavepointManifest,
  };
}

const goldens = await Promise.all([
  loadGolden('v1-filesystem-node', nodeSavepointUrl, nodeManifestUrl),
  loadGolden('v1-indexeddb-chromium', chromiumSavepointUrl, chromiumManifestUrl),
]);

/** A failure-free run of the golden job in this browser: what every restore must complete. */
let expected: GoldenResult[];
beforeAll(async () => {
  expected = await runGoldenJob(new MemoryStateBackend());
});

const after = (golden: Golden) => expected.filter((r) => r.at > golden.manifest.watermarkAtSavepoint);

describe('golden savepoints: files written by weir format v1 keep restoring (Chromium)', () => {
  it.each(goldens)('$name arrives intact and the golden job in this browser still gives the results its manifest names', async (golden) => {
    expect({ bytes: golden.bytes.byteLength, sha256: await sha256(golden.bytes) }).toEqual({
      bytes: golden.manifest.savepoint.bytes,
      sha256: golden.manifest.savepoint.sha256,
    });
    expect(savepointHeader(golden.bytes)).toEqual({ magic: 'WSVP', version: 1 });
    expect(await digestResults(expected)).toEqual(golden.manifest.results);
    expect(await digestResults(expected.filter((r) => r.at <= golden.manifest.watermarkAtSavepoint))).toEqual(golden.manifest.emittedBeforeSavepoint);
  });

  it.each(goldens)('$name restores into the IndexedDB backend and gives the rest of a failure-free run', async (golden) => {
    const results = await runGoldenJobFromSavepoint(new IndexedDBStateBackend({ databaseName: databases.name() }), golden.bytes);
    expect(results).toEqual(after(golden));
  });

  it.each(goldens)('$name restores into the IndexedDB backend at another parallelism', async (golden) => {
    const results = await runGoldenJobFromSavepoint(new IndexedDBStateBackend({ databaseName: databases.name() }), golden.bytes, { parallelism: 3 });
    expect(results).toEqual(after(golden));
  });

  it('refuses the golden file with a flipped byte: CHECKPOINT_CORRUPT, nothing restored', async () => {
    const results = runGoldenJobFromSavepoint(new IndexedDBStateBackend({ databaseName: databases.name() }), flipByte(goldens[0]!.bytes, 4000));
    await expect(results).rejects.toMatchObject({ code: ErrorCodes.CHECKPOINT_CORRUPT });
  });
});

describe('live savepoints move between the browser backends', () => {
  it('a savepoint taken with the IndexedDB backend restores into the memory backend', async () => {
    const run = await runGoldenJobToSavepoint(new IndexedDBStateBackend({ databaseName: databases.name() }));
    const restored = await runGoldenJobFromSavepoint(new MemoryStateBackend(), run.savepoint.bytes);
    expect(sortResults([...run.emittedBeforeSavepoint, ...restored])).toEqual(expected);
  });

  it('a savepoint taken with the memory backend restores into the IndexedDB backend', async () => {
    const run = await runGoldenJobToSavepoint(new MemoryStateBackend({ maxCheckpointSize: 64 << 20 }));
    const restored = await runGoldenJobFromSavepoint(new IndexedDBStateBackend({ databaseName: databases.name() }), run.savepoint.bytes);
    expect(sortResults([...run.emittedBeforeSavepoint, ...restored])).toEqual(expected);
  });
});
