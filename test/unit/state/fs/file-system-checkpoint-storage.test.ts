import { mkdir, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { FileSystemCheckpointStorage } from '../../../../src/state/fs/file-system-checkpoint-storage.js';
import { expectCheckpointError } from '../../../support/state-backend-contract/checkpoint-storage-cases.js';
import { tempDirectories } from '../../../support/temp-directories.js';

const dirs = tempDirectories('weir-fs-storage-');
const open: FileSystemCheckpointStorage[] = [];
afterEach(async () => {
  for (const storage of open.splice(0)) await storage.close();
});
afterAll(() => dirs.removeAll());

async function storageIn(directory?: string): Promise<FileSystemCheckpointStorage> {
  const storage = await FileSystemCheckpointStorage.open({ directory: directory ?? (await dirs.make()) });
  open.push(storage);
  return storage;
}

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

describe('FileSystemCheckpointStorage layout', () => {
  it('writes chunks under <directory>/chk-n/ and commits <directory>/chk-n/_metadata, leaving no temp file', async () => {
    const storage = await storageIn();
    await storage.writeChunk('chk-7', 'op-1/kg-0-63', bytes(1, 2));
    await storage.commitCheckpoint('chk-7', 7, bytes(9));
    expect([...(await readFile(join(storage.directory, 'chk-7/op-1/kg-0-63')))]).toEqual([1, 2]);
    expect([...(await readFile(join(storage.directory, 'chk-7/_metadata')))]).toEqual([9]);
    expect((await readdir(join(storage.directory, 'chk-7'))).sort()).toEqual(['_metadata', 'op-1']);
    expect((await readdir(storage.directory)).sort()).toEqual(['_lock', 'chk-7']);
  });

  it('creates a missing nested directory', async () => {
    const base = await dirs.make();
    const storage = await storageIn(join(base, 'a/b/job'));
    expect(storage.directory).toBe(join(base, 'a/b/job'));
    expect((await stat(storage.directory)).isDirectory()).toBe(true);
  });

  it('removes a discarded checkpoint directory entirely, and with keep only the kept files remain', async () => {
    const storage = await storageIn();
    const kept = await storage.writeChunk('chk-1', 'op/deep/kept', bytes(1));
    await storage.writeChunk('chk-1', 'op/other/gone', bytes(2));
    await storage.writeChunk('chk-2', 'x/y', bytes(3));
    const first = await storage.commitCheckpoint('chk-1', 1, bytes(1));
    const second = await storage.commitCheckpoint('chk-2', 2, bytes(2));
    await storage.discard(first, new Set([kept]));
    expect(await readdir(join(storage.directory, 'chk-1'))).toEqual(['op']);
    expect(await readdir(join(storage.directory, 'chk-1/op'))).toEqual(['deep']);
    await storage.discard(second);
    expect((await readdir(storage.directory)).sort()).toEqual(['_lock', 'chk-1']);
  });

  it('aborts by removing the uncommitted directory', async () => {
    const storage = await storageIn();
    await storage.writeChunk('chk-3', 'op/a', bytes(1));
    await storage.abortCheckpoint('chk-3');
    expect(await readdir(storage.directory)).toEqual(['_lock']);
  });
});

describe('FileSystemCheckpointStorage after a crash', () => {
  it('does not take a leftover _metadata.tmp for a checkpoint, and abort cleans it up', async () => {
    const storage = await storageIn();
    await storage.writeChunk('chk-3', 'a', bytes(1));
    await writeFile(join(storage.directory, 'chk-3/_metadata.tmp'), bytes(1, 2, 3));
    expect(await storage.listCompleted()).toEqual([]);
    await expectCheckpointError(storage.resolve('chk-3'), ErrorCodes.CHECKPOINT_NOT_FOUND);
    await storage.abortCheckpoint('chk-3');
    expect(await readdir(storage.directory)).toEqual(['_lock']);
  });

  it('returns a truncated _metadata as it is, for the metadata reader to reject', async () => {
    const storage = await storageIn();
    const pointer = await storage.commitCheckpoint('chk-1', 1, bytes(1, 2, 3, 4));
    await truncate(join(storage.directory, 'chk-1/_metadata'), 2);
    expect([...(await storage.readMetadata(pointer))]).toEqual([1, 2]);
  });

  it('ignores stray files and directories that are not checkpoints', async () => {
    const storage = await storageIn();
    await mkdir(join(storage.directory, 'notes'));
    await writeFile(join(storage.directory, 'chk-9'), 'a file, not a directory');
    await mkdir(join(storage.directory, 'chk-4/_metadata'), { recursive: true });
    const pointer = await storage.commitCheckpoint('chk-2', 2, bytes(2));
    expect(await storage.listCompleted()).toEqual([pointer]);
    await expectCheckpointError(storage.resolve('chk-4'), ErrorCodes.CHECKPOINT_NOT_FOUND);
  });
});

describe('FileSystemCheckpointStorage.resolve by path', () => {
  async function otherJob(): Promise<{ directory: string; ref: string }> {
    const other = await storageIn();
    const ref = await other.writeChunk('savepoint-5', 'op/kg-0', bytes(5, 5));
    await other.commitCheckpoint('savepoint-5', 5, bytes(50));
    await other.close();
    return { directory: other.directory, ref };
  }

  it.each([
    ['the checkpoint directory', (dir: string) => join(dir, 'savepoint-5')],
    ['its _metadata file', (dir: string) => join(dir, 'savepoint-5/_metadata')],
    ['a trailing slash', (dir: string) => `${join(dir, 'savepoint-5')}/`],
    ['a file: URL', (dir: string) => pathToFileURL(join(dir, 'savepoint-5')).href],
  ])("resolves another job's savepoint by %s, reading its chunks from there", async (_, pathOf) => {
    const { directory, ref } = await otherJob();
    const storage = await storageIn();
    const pointer = await storage.resolve(pathOf(directory));
    expect(pointer).toEqual({ checkpointId: 5, location: 'savepoint-5', savepoint: true, root: directory });
    expect([...(await storage.readMetadata(pointer))]).toEqual([50]);
    expect([...(await storage.readChunk(pointer, ref))]).toEqual([5, 5]);
  });

  it('resolves its own checkpoint by absolute path to a pointer without root', async () => {
    const storage = await storageIn();
    const committed = await storage.commitCheckpoint('chk-2', 2, bytes(2));
    expect(await storage.resolve(join(storage.directory, 'chk-2/_metadata'))).toEqual(committed);
  });

  it('rejects a directory not named chk-n or savepoint-n, and one with no _metadata', async () => {
    const storage = await storageIn();
    await expectCheckpointError(storage.resolve(join(storage.directory, 'backup')), ErrorCodes.INVALID_CHECKPOINT_PATH);
    await expectCheckpointError(storage.resolve(join(storage.directory, 'chk-8')), ErrorCodes.CHECKPOINT_NOT_FOUND);
    await expectCheckpointError(storage.resolve('/nonexistent/weir/chk-8/_metadata'), ErrorCodes.CHECKPOINT_NOT_FOUND);
  });

  it('refuses to discard a checkpoint resolved from another directory, deleting nothing', async () => {
    const { directory } = await otherJob();
    const storage = await storageIn();
    const pointer = await storage.resolve(join(directory, 'savepoint-5'));
    await expectCheckpointError(storage.discard(pointer), ErrorCodes.INVALID_CHECKPOINT_PATH);
    expect((await readdir(join(directory, 'savepoint-5'))).sort()).toEqual(['_metadata', 'op']);
  });
});

describe('FileSystemCheckpointStorage against crafted refs and pointers', () => {
  it('cannot be led outside the root by a ref, even from a checkpoint resolved by path', async () => {
    const base = await dirs.make();
    await writeFile(join(base, 'secret'), 'top secret');
    const storage = await storageIn(join(base, 'job'));
    const pointer = await storage.commitCheckpoint('chk-1', 1, bytes(1));
    for (const ref of ['chk-1/../../secret', '../secret', `chk-1/${'../'.repeat(8)}etc/passwd`, '/etc/passwd']) {
      await expectCheckpointError(storage.readChunk(pointer, ref), ErrorCodes.INVALID_CHECKPOINT_PATH);
    }
  });

  it('rejects a pointer whose root is not an absolute directory', async () => {
    const storage = await storageIn();
    const pointer = { checkpointId: 1, location: 'chk-1', savepoint: false, root: 'relative/dir' };
    await expectCheckpointError(storage.readMetadata(pointer), ErrorCodes.INVALID_CHECKPOINT_PATH);
    await expectCheckpointError(storage.readChunk(pointer, 'chk-1/a'), ErrorCodes.INVALID_CHECKPOINT_PATH);
  });

  it('rejects a pointer whose location climbs out of its root', async () => {
    const storage = await storageIn();
    const pointer = { checkpointId: 1, location: '../chk-1', savepoint: false };
    await expectCheckpointError(storage.readMetadata(pointer), ErrorCodes.INVALID_CHECKPOINT_PATH);
  });
});
