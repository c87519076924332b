import { readdir, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoOf } from './file-system-error.js';

/** The commit record of a checkpoint directory, and the temp file it is written through. */
export const METADATA_FILE = '_metadata';
export const METADATA_TEMP_FILE = '_metadata.tmp';

/** What lies under a directory (see {@link listTree}). */
export interface DirectoryTree {
  /** Every file, as a `/`-separated path relative to the directory. */
  readonly files: string[];
  /** Every directory (the directory itself included), absolute, deepest first. */
  readonly directories: string[];
}

/** Everything under `directory`, read in one walk; nothing at all when it does not exist. */
export async function listTree(directory: string): Promise<DirectoryTree> {
  const tree: DirectoryTree = { files: [], directories: [] };
  await walk(directory, '', tree);
  return tree;
}

async function walk(directory: string, prefix: string, tree: DirectoryTree): Promise<void> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) await walk(join(directory, entry.name), relative, tree);
    else tree.files.push(relative);
  }
  tree.directories.push(directory);
}

/** Removes `path`; a file already gone is fine. */
export async function unlinkIfExists(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') throw error;
  }
}

/** Removes those of `directories` (deepest first, as {@link listTree} lists them) that are empty. */
export async function removeEmptyDirectories(directories: readonly string[]): Promise<void> {
  for (const dir of directories) {
    try {
      await rmdir(dir);
    } catch (error) {
      const code = errnoOf(error);
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw error;
    }
  }
}
