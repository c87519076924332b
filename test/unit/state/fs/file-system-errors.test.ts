import { execFileSync } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../../../../src/errors/checkpoint-error.js';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { FileSystemCheckpointStorage } from '../../../../src/state/fs/file-system-checkpoint-storage.js';
import { fileSystemFailure } from '../../../../src/state/fs/file-system-error.js';
import { expectCheckpointError } from '../../../support/state-backend-contract/checkpoint-storage-cases.js';
import { spawnStorageChild } from '../../../support/spawn-fs-storage-child.js';
import { tempDirectories } from '../../../support/temp-directories.js';

const dirs = tempDirectories('weir-fs-errors-');
afterAll(() => dirs.removeAll());

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** Runs `chattr` (root on ext4 and the like); false when the filesystem or tool does not support it. */
function chattr(flag: '+i' | '-i', path: string): boolean {
  try {
    execFileSync('chattr', [flag, path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('filesystem errors as CheckpointErrors', () => {
  it.each(['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'EDQUOT'])(
    'maps %s to CHECKPOINT_STORAGE_FAILED with the errno in the message and the error as cause',
    (code) => {
      // Disk-full and quota errors cannot be provoked safely on a shared machine: this is the errno Node would raise.
      const cause = Object.assign(new Error(`${code}: simulated, write '/ckpt/chk-1/a'`), { code });
      const error = fileSystemFailure(cause, 'write a chunk', 'file:///ckpt', 'Chunk');
      expect(error).toBeInstanceOf(CheckpointError);
      expect(error.code).toBe(ErrorCodes.CHECKPOINT_STORAGE_FAILED);
      expect(error.message).toContain(code);
      expect(error.message).toContain('file:///ckpt');
      expect(error.cause).toBe(cause);
    },
  );

  it('maps ENOENT of a read to CHECKPOINT_NOT_FOUND, and of a write to CHECKPOINT_STORAGE_FAILED', () => {
    const cause = Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    expect(fileSystemFailure(cause, 'read a chunk', 'file:///c', "Chunk 'chk-1/a'").code).toBe(ErrorCodes.CHECKPOINT_NOT_FOUND);
    expect(fileSystemFailure(cause, 'write a chunk', 'file:///c').code).toBe(ErrorCodes.CHECKPOINT_STORAGE_FAILED);
  });

  it('fails to open a directory below a regular file with CHECKPOINT_STORAGE_FAILED naming ENOTDIR', async () => {
    const base = await dirs.make();
    await writeFile(join(base, 'file'), 'not a directory');
    const error = await expectCheckpointError(
      FileSystemCheckpointStorage.open({ directory: join(base, 'file/job') }),
      ErrorCodes.CHECKPOINT_STORAGE_FAILED,
    );
    expect(error.message).toMatch(/ENOTDIR|EEXIST/);
    expect((error.cause as { code?: string }).code).toMatch(/ENOTDIR|EEXIST/);
  });

  it('fails a chunk write with CHECKPOINT_STORAGE_FAILED when a file stands where its directory must go', async () => {
    const storage = await FileSystemCheckpointStorage.open({ directory: await dirs.make() });
    await writeFile(join(storage.directory, 'chk-1'), 'in the way');
    const error = await expectCheckpointError(storage.writeChunk('chk-1', 'a', new Uint8Array(1)), ErrorCodes.CHECKPOINT_STORAGE_FAILED);
    expect(error.message).toMatch(/ENOTDIR|EEXIST/);
    await storage.close();
  });

  it('fails to open a directory this user may not write with CHECKPOINT_STORAGE_FAILED naming EACCES', async () => {
    // Root ignores file modes, so as root the storage is opened by a child process running as nobody.
    const base = await dirs.make();
    const directory = join(base, 'readonly');
    await mkdir(directory);
    await chmod(base, 0o755);
    await chmod(directory, 0o555);
    let report: { code?: string; message?: string; cause?: string; opened: boolean };
    if (isRoot) {
      ({ report } = await spawnStorageChild(directory, { uid: NOBODY }));
    } else {
      const error = await FileSystemCheckpointStorage.open({ directory }).then(
        () => ({ opened: true }),
        (e: CheckpointError) => ({ opened: false, code: e.code, message: e.message, cause: (e.cause as { code?: string }).code }),
      );
      report = error;
    }
    expect(report).toMatchObject({ opened: false, code: ErrorCodes.CHECKPOINT_STORAGE_FAILED, cause: 'EACCES' });
    expect(report.message).toContain('EACCES');
    expect(report.message).toContain('permission denied');
  });

  it('fails writes into a directory that became unwritable with CHECKPOINT_STORAGE_FAILED (EPERM via chattr +i as root, else EACCES)', async (context) => {
    const storage = await FileSystemCheckpointStorage.open({ directory: await dirs.make() });
    const locked = isRoot ? chattr('+i', storage.directory) : (await chmod(storage.directory, 0o555), true);
    if (!locked) {
      await storage.close();
      context.skip('chattr +i is not supported on this filesystem; EACCES is covered by the test above');
    }
    try {
      const error = await expectCheckpointError(storage.writeChunk('chk-1', 'a', new Uint8Array(1)), ErrorCodes.CHECKPOINT_STORAGE_FAILED);
      expect(error.message).toMatch(/EPERM|EACCES/);
      await expectCheckpointError(storage.commitCheckpoint('chk-1', 1, new Uint8Array(1)), ErrorCodes.CHECKPOINT_STORAGE_FAILED);
    } finally {
      if (isRoot) chattr('-i', storage.directory);
      else await chmod(storage.directory, 0o755);
      await storage.close();
    }
  });
});
