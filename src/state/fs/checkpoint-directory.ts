import { readdir, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoOf } from './file-system-error.js';

/** The commit record of a checkpoint directory, and the temp file it is written through. */
export const METADATA_FILE = '_metadata';
export const METADATA_TEMP_FILE = '_metadata.tmp';

/** Every file under `directory`, as `/`-separated paths relative to it; [] when it does not exist. */
export async function listFiles(directory: string, prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFiles(join(directory, entry.name), relative)));
    else files.push(relative);
  }
  return files;
}

/** Every directory under `directory` (itself included), deepest first; [] when it does not exist. */
export async function listDirectories(directory: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return [];
    throw error;
  }
  const nested = await Promise.all(
    entries.filter((e) => e.isDirectory()).map((e) => listDirectories(join(directory, e.name))),
  );
  return [...nested.flat(), directory];
}

/** Removes `path`; a file already gone is fine. */
export async function unlinkIfExists(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') throw error;
  }
}

/** Removes the empty directories under `directory` (itself included), deepest first. */
export async function removeEmptyDirectories(directory: string): Promise<void> {
  for (const dir of await listDirectories(directory)) {
    try {
      await rmdir(dir);
    } catch (error) {
      const code = errnoOf(error);
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw error;
    }
  }
}
