import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { FileSystemCheckpointStorage } from '../../../../src/state/fs/file-system-checkpoint-storage.js';
import { expectCheckpointError } from '../../../support/state-backend-contract/checkpoint-storage-cases.js';
import { killAndWait, spawnStorageChild, type StorageChild } from '../../../support/spawn-fs-storage-child.js';
import { tempDirectories } from '../../../support/temp-directories.js';

const dirs = tempDirectories('weir-fs-lock-');
const children: StorageChild['child'][] = [];
afterEach(async () => {
  for (const child of children.splice(0)) await killAndWait(child);
});
afterAll(() => dirs.removeAll());

const readLock = async (directory: string) =>
  JSON.parse(await readFile(join(directory, '_lock'), 'utf8')) as { pid: number; hostname: string; startedAt: string };

describe('the checkpoint directory lock', () => {
  it('records pid, hostname and start time in _lock, and close removes it', async () => {
    const directory = await dirs.make();
    const storage = await FileSystemCheckpointStorage.open({ directory });
    const lock = await readLock(directory);
    expect(lock.pid).toBe(process.pid);
    expect(lock.hostname).toBe(hostname());
    expect(Number.isNaN(Date.parse(lock.startedAt))).toBe(false);
    await storage.close();
    await expect(readFile(join(directory, '_lock'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a second process while the first lives, naming the holder', async () => {
    const directory = await dirs.make();
    const holder = await spawnStorageChild(directory, { hold: true });
    children.push(holder.child);
    expect(holder.report.opened).toBe(true);
    const error = await expectCheckpointError(FileSystemCheckpointStorage.open({ directory }), ErrorCodes.STORAGE_LOCKED);
    expect(error.message).toContain(`process ${holder.report.pid}`);
    expect(error.message).toContain(hostname());
    expect(error.message).toContain(join(directory, '_lock'));
  });

  it('takes over the lock of a process that was killed while holding it', async () => {
    const directory = await dirs.make();
    const holder = await spawnStorageChild(directory, { hold: true });
    children.push(holder.child);
    await expectCheckpointError(FileSystemCheckpointStorage.open({ directory }), ErrorCodes.STORAGE_LOCKED);
    await killAndWait(holder.child, 'SIGKILL');
    expect((await readLock(directory)).pid).toBe(holder.report.pid);
    const storage = await FileSystemCheckpointStorage.open({ directory });
    expect((await readLock(directory)).pid).toBe(process.pid);
    await storage.close();
  });

  it('lets a child process open the directory once this process has closed it', async () => {
    const directory = await dirs.make();
    const storage = await FileSystemCheckpointStorage.open({ directory });
    const blocked = await spawnStorageChild(directory);
    expect(blocked.report).toMatchObject({ opened: false, code: ErrorCodes.STORAGE_LOCKED });
    await storage.close();
    expect((await spawnStorageChild(directory)).report.opened).toBe(true);
  });

  it('does not take over a lock held on another host, and says how to remove it', async () => {
    const directory = await dirs.make();
    const foreign = { pid: 1, hostname: 'some-other-host', startedAt: '2024-01-01T00:00:00.000Z', token: 'x' };
    await writeFile(join(directory, '_lock'), JSON.stringify(foreign));
    const error = await expectCheckpointError(FileSystemCheckpointStorage.open({ directory }), ErrorCodes.STORAGE_LOCKED);
    expect(error.message).toContain("process 1 on host 'some-other-host' since 2024-01-01T00:00:00.000Z");
    expect(error.message).toContain(`delete ${join(directory, '_lock')}`);
    expect(await readLock(directory)).toEqual(foreign);
  });

  it('treats an unreadable lock file as held, and leaves it alone', async () => {
    const directory = await dirs.make();
    await writeFile(join(directory, '_lock'), 'garbage');
    const error = await expectCheckpointError(FileSystemCheckpointStorage.open({ directory }), ErrorCodes.STORAGE_LOCKED);
    expect(error.message).toContain('unknown holder');
    expect(await readFile(join(directory, '_lock'), 'utf8')).toBe('garbage');
  });

  it('does not remove a lock that another holder took after this one lost it', async () => {
    const directory = await dirs.make();
    const storage = await FileSystemCheckpointStorage.open({ directory });
    const other = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), token: 'someone-else' };
    await writeFile(join(directory, '_lock'), JSON.stringify(other));
    await storage.close();
    expect(await readLock(directory)).toEqual(other);
  });
});
