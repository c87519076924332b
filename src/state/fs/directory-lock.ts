import { randomUUID } from 'node:crypto';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';
import { join } from 'node:path';
import { CheckpointError } from '../../errors/checkpoint-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { unlinkIfExists } from './checkpoint-directory.js';
import { errnoOf } from './file-system-error.js';

/** The lock file's name inside a checkpoint directory. */
export const LOCK_FILE = '_lock';

/** What a lock file records about its holder. */
export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  /** ISO time the lock was taken. */
  readonly startedAt: string;
  /** Unique per acquisition, so a holder only ever removes its own lock. */
  readonly token: string;
  /** The worker_threads thread that holds it (0: the main thread). */
  readonly threadId?: number;
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && typeof value.hostname === 'string' && typeof value.startedAt === 'string') {
      return {
        pid: value.pid,
        hostname: value.hostname,
        startedAt: value.startedAt,
        token: String(value.token),
        ...(typeof value.threadId === 'number' ? { threadId: value.threadId } : {}),
      };
    }
  } catch {
    // Not JSON: a lock file written by something else, or cut short by a crash.
  }
  return undefined;
}

/** False only when `pid` certainly does not exist on this host (ESRCH). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoOf(error) !== 'ESRCH';
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * One writer per checkpoint directory: a `_lock` file created exclusively
 * (`wx`) holding pid, hostname and start time. A lock left by a crashed
 * process on this host (its pid no longer exists) is taken over; a lock of
 * another host cannot be checked and must be removed by hand.
 */
export class DirectoryLock {
  private constructor(
    readonly path: string,
    readonly holder: LockHolder,
  ) {}

  /**
   * Takes the lock of `directory` (which must exist).
   * @throws CheckpointError STORAGE_LOCKED naming the live holder.
   */
  static async acquire(directory: string): Promise<DirectoryLock> {
    const path = join(directory, LOCK_FILE);
    const holder: LockHolder = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), token: randomUUID(), threadId };
    // A few rounds: a holder may release, or a stale lock be taken over, between our steps.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await createExclusive(path, JSON.stringify(holder));
        return new DirectoryLock(path, holder);
      } catch (error) {
        if (errnoOf(error) !== 'EEXIST') throw error;
      }
      const text = await readIfExists(path);
      if (text === undefined) continue;
      const current = parseHolder(text);
      if (current === undefined || current.hostname !== holder.hostname || isAlive(current.pid)) {
        throw lockedError(path, current);
      }
      await takeOverStale(path, text);
    }
    throw lockedError(path, parseHolder((await readIfExists(path)) ?? ''));
  }

  /** Removes the lock file if it is still this holder's. */
  async release(): Promise<void> {
    const text = await readIfExists(this.path);
    if (text !== undefined && parseHolder(text)?.token === this.holder.token) await unlinkIfExists(this.path);
  }
}

/**
 * Removes the lock of `directory` if a worker thread of this process that
 * has died holds it: a supervisor calls this after a worker crash, since the
 * process (and so the pid the lock names) is still alive. Returns whether it
 * removed one.
 */
export async function releaseLockOfDeadThread(directory: string, deadThreadId: number): Promise<boolean> {
  const path = join(directory, LOCK_FILE);
  const text = await readIfExists(path);
  const holder = text === undefined ? undefined : parseHolder(text);
  if (holder === undefined || holder.pid !== process.pid || holder.hostname !== hostname() || holder.threadId !== deadThreadId) return false;
  await takeOverStale(path, text!);
  return true;
}

/** Creates `path` only if it does not exist, with `text` in it; a half-written file is removed again. */
async function createExclusive(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw error;
  }
  await handle.close();
}

/**
 * Moves a stale lock aside, then checks that what it moved is the stale
 * lock it judged: if another process took over first, its fresh lock goes back.
 */
async function takeOverStale(path: string, staleText: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return;
    throw error;
  }
  if ((await readFile(aside, 'utf8')) !== staleText) await link(aside, path).catch(() => undefined);
  await unlinkIfExists(aside);
}

function lockedError(path: string, holder: LockHolder | undefined): CheckpointError {
  const who =
    holder === undefined
      ? 'an unknown holder (the lock file is not readable as a weir lock)'
      : `process ${holder.pid} on host '${holder.hostname}' since ${holder.startedAt}`;
  return new CheckpointError(
    ErrorCodes.STORAGE_LOCKED,
    `Checkpoint directory is locked by ${who}: another job uses it. Stop that job, or give this job its own directory. ` +
      `If no job uses it any more (it crashed on another host), delete ${path}.`,
  );
}
