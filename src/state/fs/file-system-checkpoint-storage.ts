import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chunkRefOf, compareByCheckpointId, requireChunkRef, requireLocation } from '../../checkpoint/checkpoint-path.js';
import { parseLocation, type CheckpointPointer, type CheckpointStorage, type ChunkRef } from '../../checkpoint/checkpoint-storage.js';
import { abortCommitted, alreadyCommitted, checkpointNotFound, locationMismatch } from '../../checkpoint/checkpoint-storage-errors.js';
import { StorageGuard } from '../../checkpoint/storage-guard.js';
import { requireNonEmptyString } from '../../errors/argument-checks.js';
import { CheckpointError } from '../../errors/checkpoint-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { listTree, METADATA_FILE, METADATA_TEMP_FILE, removeEmptyDirectories, unlinkIfExists } from './checkpoint-directory.js';
import { DirectoryLock } from './directory-lock.js';
import { syncDirectory, writeFileDurably } from './durable-file.js';
import { errnoOf, fileSystemFailure } from './file-system-error.js';

/** Options of {@link FileSystemCheckpointStorage.open}. */
export interface FileSystemCheckpointStorageOptions {
  /** The job's checkpoint directory; created if missing. Relative paths resolve against the working directory. */
  readonly directory: string;
}

/**
 * Checkpoints in a directory (Node only): `<directory>/chk-7/<chunk>` and
 * `<directory>/chk-7/_metadata`, savepoints under `savepoint-n/`. Chunks are
 * fsynced as written; the metadata is committed through a temp file, fsync,
 * rename and an fsync of the directory, so a crash leaves either the whole
 * checkpoint or none (a leftover `_metadata.tmp` is no checkpoint).
 *
 * The directory is locked by a `_lock` file while open; a lock left by a
 * crashed process on this host is taken over.
 *
 * @example
 * ```ts
 * const storage = await FileSystemCheckpointStorage.open({ directory: '/var/lib/weir/orders' });
 * const ref = await storage.writeChunk('chk-1', 'op-a/kg-0-127', bytes);
 * await storage.commitCheckpoint('chk-1', 1, metadata);
 * const old = await storage.resolve('/backups/orders/savepoint-3/_metadata');
 * await storage.close();
 * ```
 */
export class FileSystemCheckpointStorage implements CheckpointStorage {
  readonly description: string;
  private readonly guard: StorageGuard;

  private constructor(
    /** Absolute path of the checkpoint directory. */
    readonly directory: string,
    private readonly lock: DirectoryLock,
  ) {
    this.description = pathToFileURL(directory).href;
    this.guard = new StorageGuard(this.description);
  }

  /**
   * Creates `directory` if needed and locks it.
   * @throws ConfigError INVALID_ARGUMENT when `directory` is not a non-empty string.
   * @throws CheckpointError STORAGE_LOCKED when a live process holds the directory;
   *   CHECKPOINT_STORAGE_FAILED when it cannot be created or locked (errno in the message).
   */
  static async open(options: FileSystemCheckpointStorageOptions): Promise<FileSystemCheckpointStorage> {
    const directory = resolve(requireNonEmptyString(options?.directory, 'FileSystemCheckpointStorage option `directory`'));
    const description = pathToFileURL(directory).href;
    try {
      await mkdir(directory, { recursive: true });
      return new FileSystemCheckpointStorage(directory, await DirectoryLock.acquire(directory));
    } catch (error) {
      throw fileSystemFailure(error, 'open the checkpoint directory', description);
    }
  }

  writeChunk(location: string, name: string, bytes: Uint8Array): Promise<ChunkRef> {
    return this.run('write a chunk', undefined, async () => {
      const ref = chunkRefOf(location, name);
      if (await exists(join(this.directory, location, METADATA_FILE))) throw alreadyCommitted(this.description, location);
      const file = join(this.directory, ref);
      await mkdir(dirname(file), { recursive: true });
      await writeFileDurably(file, bytes);
      return ref;
    });
  }

  readChunk(pointer: CheckpointPointer, ref: ChunkRef): Promise<Uint8Array> {
    return this.run('read a chunk', `Chunk '${ref}'`, async () => {
      const base = this.baseOf(pointer);
      requireChunkRef(ref);
      return toBytes(await readFile(inside(base, ref)));
    });
  }

  commitCheckpoint(location: string, checkpointId: number, metadata: Uint8Array): Promise<CheckpointPointer> {
    return this.run('commit a checkpoint', undefined, async () => {
      const parsed = requireLocation(location);
      if (parsed.checkpointId !== checkpointId) throw locationMismatch(location, checkpointId);
      const dir = join(this.directory, location);
      await mkdir(dir, { recursive: true });
      if (await exists(join(dir, METADATA_FILE))) throw alreadyCommitted(this.description, location);
      // Chunk files are fsynced as written; their directory entries are made durable here, before the commit point.
      for (const sub of (await listTree(dir)).directories) await syncDirectory(sub);
      await syncDirectory(this.directory);
      const temp = join(dir, METADATA_TEMP_FILE);
      await writeFileDurably(temp, metadata);
      await rename(temp, join(dir, METADATA_FILE));
      await syncDirectory(dir);
      return { checkpointId, location, savepoint: parsed.savepoint };
    });
  }

  readMetadata(pointer: CheckpointPointer): Promise<Uint8Array> {
    return this.run('read checkpoint metadata', `Checkpoint '${pointer.location}'`, async () => {
      const base = this.baseOf(pointer);
      return toBytes(await readFile(join(base, pointer.location, METADATA_FILE)));
    });
  }

  resolve(location: string): Promise<CheckpointPointer> {
    return this.run('resolve a checkpoint', `Checkpoint '${location}'`, async () => {
      const dir = this.checkpointDirectoryOf(location);
      const parsed = parseLocation(basename(dir))!;
      if (!(await exists(join(dir, METADATA_FILE)))) throw checkpointNotFound(this.description, `Checkpoint '${location}'`);
      const parent = dirname(dir);
      const pointer = { checkpointId: parsed.checkpointId, location: basename(dir), savepoint: parsed.savepoint };
      return parent === this.directory ? pointer : { ...pointer, root: parent };
    });
  }

  listCompleted(): Promise<CheckpointPointer[]> {
    return this.run('list checkpoints', undefined, async () => {
      const pointers: CheckpointPointer[] = [];
      for (const entry of await readdir(this.directory, { withFileTypes: true })) {
        const parsed = entry.isDirectory() ? parseLocation(entry.name) : undefined;
        if (parsed !== undefined && (await exists(join(this.directory, entry.name, METADATA_FILE)))) {
          pointers.push({ checkpointId: parsed.checkpointId, location: entry.name, savepoint: parsed.savepoint });
        }
      }
      return pointers.sort(compareByCheckpointId);
    });
  }

  abortCheckpoint(location: string): Promise<void> {
    return this.run('abort a checkpoint', undefined, async () => {
      requireLocation(location);
      const dir = join(this.directory, location);
      if (await exists(join(dir, METADATA_FILE))) throw abortCommitted(this.description, location);
      await rm(dir, { recursive: true, force: true });
    });
  }

  discard(pointer: CheckpointPointer, keep: ReadonlySet<ChunkRef> = new Set()): Promise<void> {
    return this.run('discard a checkpoint', undefined, async () => {
      if (this.baseOf(pointer) !== this.directory) {
        throw new CheckpointError(
          ErrorCodes.INVALID_CHECKPOINT_PATH,
          `Checkpoint '${pointer.location}' lies in ${pointer.root}, outside ${this.description}; a storage only discards its own checkpoints.`,
        );
      }
      const dir = join(this.directory, pointer.location);
      // The metadata goes first: from then on the checkpoint no longer exists, whatever happens to its chunks.
      await unlinkIfExists(join(dir, METADATA_FILE));
      const { files, directories } = await listTree(dir);
      for (const file of files) {
        if (!keep.has(`${pointer.location}/${file}`)) await unlinkIfExists(join(dir, file));
      }
      await removeEmptyDirectories(directories);
    });
  }

  /** Releases the lock file; pending calls reject at once. Idempotent. */
  async close(): Promise<void> {
    if (!this.guard.close()) return;
    try {
      await this.lock.release();
    } catch (error) {
      throw fileSystemFailure(error, 'remove the lock file', this.description);
    }
  }

  /** Runs one operation under the guard, mapping filesystem errors (ENOENT to not-found when `missing` names what). */
  private run<T>(action: string, missing: string | undefined, operation: () => Promise<T>): Promise<T> {
    return this.guard.run(async () => {
      try {
        return await operation();
      } catch (error) {
        throw fileSystemFailure(error, action, this.description, missing);
      }
    });
  }

  /** The root a pointer's refs resolve against: this directory, or an absolute one of a checkpoint resolved by path. */
  private baseOf(pointer: CheckpointPointer): string {
    requireLocation(pointer.location);
    if (pointer.root === undefined) return this.directory;
    if (typeof pointer.root !== 'string' || !isAbsolute(pointer.root)) {
      throw new CheckpointError(
        ErrorCodes.INVALID_CHECKPOINT_PATH,
        `Checkpoint pointer root ${JSON.stringify(pointer.root)} is not an absolute directory; resolve the checkpoint with storage.resolve(path).`,
      );
    }
    return resolve(pointer.root);
  }

  /** The absolute checkpoint directory named by a location, a directory path, its `_metadata` path or a file: URL. */
  private checkpointDirectoryOf(location: string): string {
    if (typeof location === 'string' && parseLocation(location) !== undefined) return join(this.directory, location);
    const path = typeof location === 'string' && location.startsWith('file:') ? fileURLToPath(location) : location;
    if (typeof path !== 'string' || !isAbsolute(path)) {
      throw new CheckpointError(
        ErrorCodes.INVALID_CHECKPOINT_PATH,
        `${JSON.stringify(location)} is neither a location of this storage ('chk-7', 'savepoint-3') ` +
          'nor an absolute path of a checkpoint directory or its _metadata file.',
      );
    }
    const absolute = resolve(path);
    const dir = basename(absolute) === METADATA_FILE ? dirname(absolute) : absolute;
    if (parseLocation(basename(dir)) === undefined) {
      throw new CheckpointError(
        ErrorCodes.INVALID_CHECKPOINT_PATH,
        `${JSON.stringify(location)} is not a checkpoint: its directory must be named 'chk-<id>' or 'savepoint-<id>' and hold a _metadata file.`,
      );
    }
    return dir;
  }
}

/** `base`/`ref`, checked to stay under `base` (refs are validated already; this is the last line of defence). */
function inside(base: string, ref: string): string {
  const path = resolve(base, ref);
  const rel = relative(base, path);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
    throw new CheckpointError(ErrorCodes.INVALID_CHECKPOINT_PATH, `Chunk ref '${ref}' leaves the checkpoint directory ${base}.`);
  }
  return path;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') return false;
    throw error;
  }
}

/** A Buffer as a plain Uint8Array that owns its whole ArrayBuffer (never a slice of Node's shared pool), so callers may transfer it. */
function toBytes(buffer: Buffer): Uint8Array {
  const owned = buffer.byteOffset === 0 && buffer.buffer.byteLength === buffer.byteLength;
  return owned ? new Uint8Array(buffer.buffer, 0, buffer.byteLength) : new Uint8Array(buffer);
}
