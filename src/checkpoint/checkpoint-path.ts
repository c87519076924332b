import { describeValue } from '../errors/argument-checks.js';
import { CheckpointError } from '../errors/checkpoint-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import { parseLocation, type ChunkRef } from './checkpoint-storage.js';

/**
 * Name checks shared by every checkpoint storage, so a name or a ref read back
 * from metadata can never leave the storage root. A chunk name is a
 * `/`-separated relative path: no empty, `.` or `..` segment, no leading `/`,
 * no `\`, `:` or NUL, and its first segment does not start with `_` (that
 * prefix is reserved for the storage's own files such as `_metadata`).
 */

const FORBIDDEN = /[\\:\0]/;

function invalid(what: string, value: unknown, why: string): CheckpointError {
  return new CheckpointError(
    ErrorCodes.INVALID_CHECKPOINT_PATH,
    `${what} ${describeValue(value)} ${why}. Use a relative '/'-separated name such as 'op-1/kg-0-63'.`,
  );
}

/** Why `name` is not a valid chunk name, or undefined when it is. */
function chunkNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (FORBIDDEN.test(name)) return 'contains a backslash, colon or NUL';
  if (name.startsWith('/')) return 'is absolute';
  const segments = name.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return "has an empty, '.' or '..' segment";
  if (segments[0]!.startsWith('_')) return "starts with '_', which is reserved for the storage's own files";
  return undefined;
}

/**
 * Returns `location` when it is `chk-n` or `savepoint-n`.
 * @throws CheckpointError INVALID_CHECKPOINT_PATH otherwise.
 */
export function requireLocation(location: unknown): { location: string; checkpointId: number; savepoint: boolean } {
  const parsed = typeof location === 'string' ? parseLocation(location) : undefined;
  if (parsed === undefined) throw invalid('Checkpoint location', location, "is not 'chk-<id>' or 'savepoint-<id>'");
  return { location: location as string, ...parsed };
}

/**
 * Returns the ref of chunk `name` of `location` (`chk-7/op-1/kg-0`).
 * @throws CheckpointError INVALID_CHECKPOINT_PATH for a bad location or name.
 */
export function chunkRefOf(location: unknown, name: unknown): ChunkRef {
  requireLocation(location);
  if (typeof name !== 'string') throw invalid('Chunk name', name, 'is not a string');
  const problem = chunkNameProblem(name);
  if (problem !== undefined) throw invalid('Chunk name', name, problem);
  return `${location as string}/${name}`;
}

/**
 * Checks a ref (possibly read from stored metadata) and returns its location.
 * @throws CheckpointError INVALID_CHECKPOINT_PATH when it would leave the storage root.
 */
export function requireChunkRef(ref: unknown): { location: string; name: string } {
  if (typeof ref !== 'string') throw invalid('Chunk ref', ref, 'is not a string');
  const slash = ref.indexOf('/');
  const location = slash < 0 ? ref : ref.slice(0, slash);
  if (parseLocation(location) === undefined) throw invalid('Chunk ref', ref, "does not start with 'chk-<id>/' or 'savepoint-<id>/'");
  const name = ref.slice(slash + 1);
  const problem = slash < 0 ? 'has no chunk name' : chunkNameProblem(name);
  if (problem !== undefined) throw invalid('Chunk ref', ref, problem);
  return { location, name };
}

/** Orders pointers by checkpoint id (a checkpoint before a savepoint of the same id). */
export function compareByCheckpointId(
  a: { checkpointId: number; savepoint: boolean },
  b: { checkpointId: number; savepoint: boolean },
): number {
  return a.checkpointId - b.checkpointId || Number(a.savepoint) - Number(b.savepoint);
}
