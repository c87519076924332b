import { CheckpointError } from '../errors/checkpoint-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import type { OperatorCheckpoint } from '../runtime/operator-snapshot.js';
import { murmur3Utf16 } from '../state/murmur3.js';
import type { CheckpointStorage } from './checkpoint-storage.js';
import { crc32 } from './format/crc32.js';
import { frameBytes } from './format/frame-bytes.js';
import { CHUNK_FORMAT_VERSION, CHUNK_MAGIC } from './metadata/chunk-format.js';
import type { ChunkMetadata, KeyedLayerMetadata, SubtaskMetadata } from './metadata/checkpoint-metadata.js';

/** Where and how one operator subtask's checkpoint is persisted. */
export interface PersistTarget {
  readonly storage: CheckpointStorage;
  /** `chk-n` or `savepoint-n`. */
  readonly location: string;
  /** Savepoints keep their chunks inline (in the one savepoint file) instead of writing them. */
  readonly savepoint: boolean;
  readonly chunkBytes: number;
  /** The layers this subtask's state had at checkpoint `checkpointId` (what a delta applies on). */
  readonly layersAt: (checkpointId: number) => readonly KeyedLayerMetadata[] | undefined;
  /** Awaited between chunks so persisting does not hold the event loop. */
  readonly pause: () => Promise<void>;
}

/** One operator subtask's part of a checkpoint, persisted. */
export interface PersistedSubtask {
  readonly uid: string;
  readonly metadata: SubtaskMetadata;
  /** Bytes of all layers the state consists of. */
  readonly stateSize: number;
  /** Bytes written by this checkpoint. */
  readonly incrementalSize: number;
}

/**
 * The asynchronous part of a checkpoint for one operator subtask: encodes its
 * keyed view into chunks, frames and checksums each, writes them (or keeps
 * them inline for a savepoint) and describes the result for the metadata. A
 * delta view's layers are the previous checkpoint's layers plus its own.
 * Always releases the view.
 *
 * @throws CheckpointError / StateError from encoding (UNSUPPORTED_STATE_VALUE) or the storage.
 */
export async function persistOperatorCheckpoint(checkpoint: OperatorCheckpoint, target: PersistTarget): Promise<PersistedSubtask> {
  const view = checkpoint.keyed;
  const metadata: { subtaskIndex: number; keyed?: SubtaskMetadata['keyed']; operatorState?: unknown } = {
    subtaskIndex: checkpoint.subtaskIndex,
  };
  let operatorState: unknown;
  try {
    operatorState = await checkpoint.operatorState;
  } catch (error) {
    view?.release();
    throw error;
  }
  if (operatorState !== undefined) metadata.operatorState = operatorState;
  if (view === undefined) return { uid: checkpoint.uid, metadata, stateSize: 0, incrementalSize: 0 };
  try {
    let base: readonly KeyedLayerMetadata[] = [];
    if (view.kind === 'delta') {
      const previous = view.previousCheckpointId === undefined ? undefined : target.layersAt(view.previousCheckpointId);
      if (previous === undefined) {
        throw new CheckpointError(
          ErrorCodes.CHECKPOINT_FAILED,
          `Operator '${checkpoint.uid}' subtask ${checkpoint.subtaskIndex} took a delta on checkpoint ${view.previousCheckpointId}, ` +
            'whose layers are unknown; the next checkpoint will be full.',
        );
      }
      base = previous;
    }
    const encoded = await view.encode({ targetChunkBytes: target.chunkBytes, pause: target.pause });
    const prefix = chunkPrefix(checkpoint.uid, checkpoint.subtaskIndex);
    const chunks: ChunkMetadata[] = [];
    let written = 0;
    for (let i = 0; i < encoded.length; i++) {
      const chunk = encoded[i]!;
      const framed = frameBytes({ magic: CHUNK_MAGIC, version: CHUNK_FORMAT_VERSION, payload: chunk.bytes });
      const described = {
        firstKeyGroup: chunk.firstKeyGroup,
        lastKeyGroup: chunk.lastKeyGroup,
        entries: chunk.entries,
        bytes: framed.byteLength,
        crc32: crc32(framed),
      };
      if (target.savepoint) chunks.push({ ...described, data: framed });
      else chunks.push({ ...described, ref: await target.storage.writeChunk(target.location, `${prefix}-${i}`, framed) });
      written += framed.byteLength;
      if (i + 1 < encoded.length) await target.pause();
    }
    const layers: KeyedLayerMetadata[] = [...base, { checkpointId: view.checkpointId, kind: view.kind, chunks }];
    metadata.keyed = {
      keyGroupRange: [view.keyGroupRange.start, view.keyGroupRange.end],
      states: view.states.map(({ name, kind }) => ({ name, kind })),
      layers,
    };
    let stateSize = 0;
    for (const layer of layers) for (const chunk of layer.chunks) stateSize += chunk.bytes;
    return { uid: checkpoint.uid, metadata, stateSize, incrementalSize: written };
  } finally {
    view.release();
  }
}

/** A chunk name prefix unique per operator subtask, readable, and safe as a file name. */
function chunkPrefix(uid: string, subtaskIndex: number): string {
  const readable = uid.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
  return `${readable}-${murmur3Utf16(uid).toString(16)}-${subtaskIndex}`;
}
