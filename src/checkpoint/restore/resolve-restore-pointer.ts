import { CheckpointError } from '../../errors/checkpoint-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { MemoryCheckpointStorage } from '../memory-checkpoint-storage.js';
import { locationOf, type CheckpointPointer, type CheckpointStorage } from '../checkpoint-storage.js';
import { decodeCheckpointMetadata } from '../metadata/checkpoint-metadata-codec.js';
import type { CheckpointMetadata } from '../metadata/checkpoint-metadata.js';
import type { RestoreSettings } from './restore-settings.js';

/** A pointer to restore and the storage that reads it. */
export interface RestoreSource {
  readonly storage: CheckpointStorage;
  readonly pointers: readonly CheckpointPointer[];
  /** The metadata of the only pointer, when resolving already decoded it (savepoint bytes): restore need not decode it again. */
  readonly metadata?: CheckpointMetadata;
}

/**
 * Finds what `settings.from` names. For `'latest'`, every completed
 * checkpoint of the storage, newest first (so a corrupt one can fall back to
 * the next); otherwise exactly one pointer. Undefined: nothing to restore.
 * @throws CheckpointError CHECKPOINT_NOT_FOUND when a named checkpoint does not exist; CHECKPOINT_CORRUPT for bytes that are no savepoint.
 */
export async function resolveRestorePointer(
  storage: CheckpointStorage,
  settings: RestoreSettings,
  /** The storage's completed checkpoints, when the caller just listed them. */
  completed?: readonly CheckpointPointer[],
): Promise<RestoreSource | undefined> {
  const from = settings.from;
  if (from instanceof Uint8Array) {
    const metadata = decodeCheckpointMetadata(from, 'the savepoint bytes passed to restore');
    if (!metadata.savepoint) {
      throw new CheckpointError(
        ErrorCodes.CHECKPOINT_CORRUPT,
        'The bytes passed to restore are checkpoint metadata, not a savepoint file; checkpoints reference chunks in their storage. Restore them by location or path instead.',
      );
    }
    // A private storage holding just this savepoint: restore reads it like any other.
    const holder = new MemoryCheckpointStorage({ maxCheckpointSize: Number.MAX_SAFE_INTEGER });
    const pointer = await holder.commitCheckpoint(locationOf(metadata.checkpointId, true), metadata.checkpointId, from);
    return { storage: holder, pointers: [pointer], metadata };
  }
  if (from === 'latest') {
    const all = completed ?? (await storage.listCompleted());
    if (all.length === 0) return undefined;
    return { storage, pointers: [...all].reverse() };
  }
  if (typeof from !== 'string' || from.length === 0) {
    throw new CheckpointError(ErrorCodes.INVALID_ARGUMENT, "restore.from must be 'latest', a checkpoint location or path, or savepoint bytes (a Uint8Array).");
  }
  return { storage, pointers: [await storage.resolve(from)] };
}
