import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpointMetadata } from '../../../src/checkpoint/metadata/checkpoint-metadata-codec.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { FileSystemStateBackend } from '../../../src/state/fs/file-system-state-backend.js';
import { MemoryStateBackend } from '../../../src/state/memory/memory-state-backend.js';
import {
  GOLDEN_JOB,
  runGoldenJob,
  runGoldenJobFromSavepoint,
  runGoldenJobToSavepoint,
  type GoldenResult,
} from '../../support/golden-savepoint-job.js';
import {
  digestResults,
  GOLDEN_SAVEPOINTS,
  manifestFile,
  savepointFile,
  sha256,
  type GoldenSavepointManifest,
} from '../../support/golden-savepoint-manifest.js';
import { flipByte, savepointHeader, withFormatVersion } from '../../support/savepoint-bytes.js';
import { tempDirectories } from '../../support/temp-directories.js';

const directories = tempDirectories('weir-golden-');
afterAll(() => directories.removeAll());

interface Golden {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly manifest: GoldenSavepointManifest;
}

async function readGolden(base: string): Promise<Golden> {
  return {
    name: base.slice(base.lastIndexOf('/') + 1),
    bytes: new Uint8Array(await readFile(savepointFile(base))),
    manifest: JSON.parse(await readFile(manifestFile(base), 'utf-8')) as GoldenSavepointManifest,
  };
}

const goldens = await Promise.all([readGolden(GOLDEN_SAVEPOINTS.filesystemNode), readGolden(GOLDEN_SAVEPOINTS.indexeddbChromium)]);

/** A failure-free run of the golden job: what every restore must complete. */
let expected: GoldenResult[];
beforeAll(async () => {
  expected = await runGoldenJob(new MemoryStateBackend());
});

const after = (golden: Golden) => expected.filter((r) => r.at > golden.manifest.watermarkAtSavepoint);

describe('golden savepoints: files written by weir format v1 keep restoring (Node)', () => {
  it.each(goldens)('$name is still the golden job: a failure-free run gives the results its manifest names', async (golden) => {
    // If this fails, the golden job changed (not the format): restore its code, never the fixture.
    expect(await digestResults(expected)).toEqual(golden.manifest.results);
    expect(await digestResults(expected.filter((r) => r.at <= golden.manifest.watermarkAtSavepoint))).toEqual(golden.manifest.emittedBeforeSavepoint);
    expect(golden.manifest.job).toEqual({
      name: GOLDEN_JOB.name,
      events: GOLDEN_JOB.events,
      savepointAt: GOLDEN_JOB.savepointAt,
      parallelism: GOLDEN_JOB.parallelism,
      maxParallelism: GOLDEN_JOB.maxParallelism,
    });
  });

  it.each(goldens)("$name is the file its manifest names, headed 'WSVP' format version 1", async (golden) => {
    expect({ bytes: golden.bytes.byteLength, sha256: await sha256(golden.bytes) }).toEqual({
      bytes: golden.manifest.savepoint.bytes,
      sha256: golden.manifest.savepoint.sha256,
    });
    expect(savepointHeader(golden.bytes)).toEqual({ magic: 'WSVP', version: 1 });
  });

  it.each(goldens)('$name restores from its bytes into the filesystem backend and gives the rest of a failure-free run', async (golden) => {
    const directory = await directories.make();
    expect(await runGoldenJobFromSavepoint(new FileSystemStateBackend({ directory }), golden.bytes)).toEqual(after(golden));
  });

  it.each(goldens)('$name restores by path, as a savepoint directory of the filesystem backend', async (golden) => {
    const directory = await directories.make();
    const savepoint = join(directory, `savepoint-${golden.manifest.savepoint.checkpointId}`);
    await mkdir(savepoint);
    await writeFile(join(savepoint, '_metadata'), golden.bytes);
    const results = await runGoldenJobFromSavepoint(new FileSystemStateBackend({ directory: await directories.make() }), join(savepoint, '_metadata'));
    expect(results).toEqual(after(golden));
  });

  it.each(goldens)('$name restores into the memory backend, also at another parallelism', async (golden) => {
    expect(await runGoldenJobFromSavepoint(new MemoryStateBackend(), golden.bytes)).toEqual(after(golden));
    expect(await runGoldenJobFromSavepoint(new MemoryStateBackend(), golden.bytes, { parallelism: 3 })).toEqual(after(golden));
  });

  it('holds the same state whichever runtime and backend wrote it: the metadata differs only in the trigger time', () => {
    const [node, chromium] = goldens.map((g) => ({ ...decodeCheckpointMetadata(g.bytes, g.name), triggeredAt: 0 }));
    expect(chromium).toEqual(node);
  });

  it.each([
    ['the magic', 0],
    ['the format version', 4],
    ['the payload length', 9],
    ['the middle of the payload', 4000],
    ['the checksum', -1],
  ])('refuses the golden file with a byte of %s flipped: CHECKPOINT_CORRUPT, nothing restored', async (_where, index) => {
    const results = runGoldenJobFromSavepoint(new MemoryStateBackend(), flipByte(goldens[0]!.bytes, index));
    await expect(results).rejects.toMatchObject({ code: ErrorCodes.CHECKPOINT_CORRUPT });
  });

  it('notices a flipped byte anywhere in the golden file before decoding anything', () => {
    const bytes = goldens[0]!.bytes;
    const unnoticed: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      try {
        decodeCheckpointMetadata(flipByte(bytes, i), 'the flipped golden savepoint');
        unnoticed.push(i);
      } catch (error) {
        if ((error as { code?: string }).code !== ErrorCodes.CHECKPOINT_CORRUPT) unnoticed.push(i);
      }
    }
    expect(unnoticed).toEqual([]);
  });

  it('refuses a savepoint of a newer format version with UNSUPPORTED_FORMAT_VERSION instead of misreading it', async () => {
    const results = runGoldenJobFromSavepoint(new MemoryStateBackend(), withFormatVersion(goldens[0]!.bytes, 2));
    await expect(results).rejects.toMatchObject({ code: ErrorCodes.UNSUPPORTED_FORMAT_VERSION, message: expect.stringContaining('version 2') });
  });
});

describe('live savepoints move between the Node backends', () => {
  it('a savepoint taken with the filesystem backend restores into the memory backend', async () => {
    const run = await runGoldenJobToSavepoint(new FileSystemStateBackend({ directory: await directories.make() }));
    const restored = await runGoldenJobFromSavepoint(new MemoryStateBackend(), run.savepoint.bytes);
    expect([...run.emittedBeforeSavepoint, ...restored].sort(byTimeAndText)).toEqual(expected);
  });

  it('a savepoint taken with the memory backend restores into the filesystem backend', async () => {
    const run = await runGoldenJobToSavepoint(new MemoryStateBackend({ maxCheckpointSize: 64 << 20 }));
    const restored = await runGoldenJobFromSavepoint(new FileSystemStateBackend({ directory: await directories.make() }), run.savepoint.bytes);
    expect([...run.emittedBeforeSavepoint, ...restored].sort(byTimeAndText)).toEqual(expected);
  });
});

function byTimeAndText(a: GoldenResult, b: GoldenResult): number {
  return a.at - b.at || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
}
