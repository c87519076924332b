import type { ChunkRef } from '../checkpoint-storage.js';
import type { StateKind } from '../../state/state-descriptor.js';

/** Version of the checkpoint and savepoint formats this weir writes (and the newest it reads). */
export const CHECKPOINT_FORMAT_VERSION = 1;

/**
 * What a completed checkpoint or savepoint holds: plain data, encoded with
 * the state codec and framed with a checksum ({@link encodeCheckpointMetadata}).
 * Self-describing: every operator by uid, every subtask's key-group range,
 * state names and kinds, and where each chunk is with its size and checksum.
 */
export interface CheckpointMetadata {
  readonly formatVersion: number;
  readonly checkpointId: number;
  readonly savepoint: boolean;
  readonly jobName: string;
  /** Wall-clock time of the trigger (ms since the epoch), for people reading it. */
  readonly triggeredAt: number;
  readonly maxParallelism: number;
  readonly operators: readonly OperatorMetadata[];
}

/** The state of one operator (all its subtasks). */
export interface OperatorMetadata {
  readonly uid: string;
  readonly name: string;
  readonly parallelism: number;
  readonly subtasks: readonly SubtaskMetadata[];
}

/** The state of one operator subtask. */
export interface SubtaskMetadata {
  readonly subtaskIndex: number;
  readonly keyed?: KeyedStateMetadata;
  /** Non-keyed state (a source's position, a sink's pending transactions), as plain data. */
  readonly operatorState?: unknown;
}

/** Keyed state of a subtask: a full base and the deltas on it, oldest first. */
export interface KeyedStateMetadata {
  readonly keyGroupRange: readonly [start: number, end: number];
  readonly states: readonly { readonly name: string; readonly kind: StateKind }[];
  readonly layers: readonly KeyedLayerMetadata[];
}

/** One view's worth of chunks: a full base or a delta, written by checkpoint `checkpointId`. */
export interface KeyedLayerMetadata {
  readonly checkpointId: number;
  readonly kind: 'full' | 'delta';
  readonly chunks: readonly ChunkMetadata[];
}

/** Where one chunk is (a ref in the storage, or inline bytes in a savepoint) and how to check it. */
export interface ChunkMetadata {
  readonly firstKeyGroup: number;
  readonly lastKeyGroup: number;
  readonly entries: number;
  /** Framed size in bytes. */
  readonly bytes: number;
  /** CRC-32 of the framed chunk. */
  readonly crc32: number;
  readonly ref?: ChunkRef;
  /** Savepoints carry their chunks inline (framed), so one file is the whole savepoint. */
  readonly data?: Uint8Array;
}
