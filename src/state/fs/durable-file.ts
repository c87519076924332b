import { closeSync, fsyncSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { errnoOf } from './file-system-error.js';

/** Writes `bytes` to `path` and fsyncs it, so the data is on disk when this resolves. */
export async function writeFileDurably(path: string, bytes: Uint8Array, flags = 'w'): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Fsyncs a directory so that entries created or renamed in it survive a
 * crash. Platforms that cannot open a directory (Windows: EISDIR, EPERM)
 * skip it; their rename is durable by other means.
 */
export async function syncDirectory(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (cannotOpenDirectories(error)) return;
    throw error;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** {@link syncDirectory}, blocking (for a caller that must not yield, such as a sink's pre-commit). */
export function syncDirectorySync(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (cannotOpenDirectories(error)) return;
    throw error;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function cannotOpenDirectories(error: unknown): boolean {
  return process.platform === 'win32' && (errnoOf(error) === 'EISDIR' || errnoOf(error) === 'EPERM');
}
