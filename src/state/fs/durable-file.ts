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
    if (process.platform === 'win32' && (errnoOf(error) === 'EISDIR' || errnoOf(error) === 'EPERM')) return;
    throw error;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
