import { checkpointNotFound } from '../../checkpoint/checkpoint-storage-errors.js';
import { CheckpointError } from '../../errors/checkpoint-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { WeirError } from '../../errors/weir-error.js';

/** What each errno means for a checkpoint directory, and what to do about it. */
const ADVICE: Record<string, string> = {
  ENOSPC: 'the disk is full: free space or point the backend at another disk',
  EDQUOT: 'the disk quota is exhausted: free space or raise the quota',
  EACCES: 'permission denied: make the directory writable by this process',
  EPERM: 'operation not permitted: make the directory writable by this process',
  EROFS: 'the filesystem is read-only: use a writable directory',
  ENOTDIR: 'a component of the path is a file, not a directory: choose another directory',
  EISDIR: 'a directory is in the way of a file: remove it or choose another directory',
  EMFILE: 'too many open files: raise the open-file limit (ulimit -n)',
  EIO: 'an I/O error occurred: check the disk',
};

/** The errno code of a Node filesystem error, if it is one. */
export function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Maps a Node filesystem error to a CheckpointError: ENOENT (when `missing`
 * names what was read) → CHECKPOINT_NOT_FOUND; everything else (ENOSPC,
 * EACCES, EPERM, EROFS, EDQUOT, ...) → CHECKPOINT_STORAGE_FAILED with the
 * errno in the message and the original error as `cause`. WeirErrors pass through.
 */
export function fileSystemFailure(error: unknown, action: string, description: string, missing?: string): WeirError {
  if (error instanceof WeirError) return error;
  const code = errnoOf(error);
  if (code === 'ENOENT' && missing !== undefined) return checkpointNotFound(description, missing, error);
  const advice = (code !== undefined && ADVICE[code]) || 'see the cause for details';
  const detail = error instanceof Error ? error.message : String(error);
  return new CheckpointError(
    ErrorCodes.CHECKPOINT_STORAGE_FAILED,
    `Could not ${action} in checkpoint storage ${description}: ${code ?? 'error'} — ${advice} (${detail}).`,
    { cause: error },
  );
}
