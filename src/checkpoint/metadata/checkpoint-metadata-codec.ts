import { CheckpointError } from '../../errors/checkpoint-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { decodeValue } from '../../state/codec/decode-value.js';
import { encodeValue } from '../../state/codec/encode-value.js';
import { frameBytes } from '../format/frame-bytes.js';
import { unframeBytes } from '../format/unframe-bytes.js';
import {
  CHECKPOINT_FORMAT_VERSION,
  type CheckpointMetadata,
  type ChunkMetadata,
  type KeyedLayerMetadata,
  type KeyedStateMetadata,
  type OperatorMetadata,
  type SubtaskMetadata,
} from './checkpoint-metadata.js';

/** Magic of checkpoint metadata (chunks by reference). */
const CHECKPOINT_MAGIC = 'WCKP';
/** Magic of a savepoint file (chunks inline: the whole savepoint in one file). */
const SAVEPOINT_MAGIC = 'WSVP';

/** Encodes metadata as a framed, checksummed file: `WSVP` for savepoints, `WCKP` otherwise. */
export function encodeCheckpointMetadata(metadata: CheckpointMetadata): Uint8Array {
  return frameBytes({
    magic: metadata.savepoint ? SAVEPOINT_MAGIC : CHECKPOINT_MAGIC,
    version: metadata.formatVersion,
    payload: encodeValue(metadata, () => 'checkpoint metadata'),
  });
}

/**
 * Decodes and validates what {@link encodeCheckpointMetadata} wrote. `what`
 * names the file in errors (`checkpoint chk-7 in file:///ckpt`).
 * @throws CheckpointError CHECKPOINT_CORRUPT (truncated, bad checksum, malformed) or UNSUPPORTED_FORMAT_VERSION.
 */
export function decodeCheckpointMetadata(bytes: Uint8Array, what: string): CheckpointMetadata {
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== CHECKPOINT_MAGIC && magic !== SAVEPOINT_MAGIC) {
    throw corrupt(what, `it does not start with a weir checkpoint or savepoint header`);
  }
  const { payload } = unframeBytes(bytes, { magic, maxVersion: CHECKPOINT_FORMAT_VERSION, what });
  let value: unknown;
  try {
    value = decodeValue(payload);
  } catch (error) {
    throw corrupt(what, `its contents do not decode (${error instanceof Error ? error.message : String(error)})`, error);
  }
  const metadata = validateMetadata(value, what);
  if (metadata.savepoint !== (magic === SAVEPOINT_MAGIC)) throw corrupt(what, 'its header and contents disagree on whether it is a savepoint');
  return metadata;
}

function validateMetadata(value: unknown, what: string): CheckpointMetadata {
  const m = record(value, what, 'metadata');
  const operators = array(m.operators, what, 'operators').map((op, i) => validateOperator(op, what, `operators[${i}]`));
  return {
    formatVersion: integer(m.formatVersion, what, 'formatVersion'),
    checkpointId: integer(m.checkpointId, what, 'checkpointId'),
    savepoint: bool(m.savepoint, what, 'savepoint'),
    jobName: string(m.jobName, what, 'jobName'),
    triggeredAt: integer(m.triggeredAt, what, 'triggeredAt'),
    maxParallelism: integer(m.maxParallelism, what, 'maxParallelism'),
    operators,
  };
}

function validateOperator(value: unknown, what: string, path: string): OperatorMetadata {
  const o = record(value, what, path);
  return {
    uid: string(o.uid, what, `${path}.uid`),
    name: string(o.name, what, `${path}.name`),
    parallelism: integer(o.parallelism, what, `${path}.parallelism`),
    subtasks: array(o.subtasks, what, `${path}.subtasks`).map((s, i) => validateSubtask(s, what, `${path}.subtasks[${i}]`)),
  };
}

function validateSubtask(value: unknown, what: string, path: string): SubtaskMetadata {
  const s = record(value, what, path);
  const subtask: { subtaskIndex: number; keyed?: KeyedStateMetadata; operatorState?: unknown } = {
    subtaskIndex: integer(s.subtaskIndex, what, `${path}.subtaskIndex`),
  };
  if (s.keyed !== undefined) subtask.keyed = validateKeyed(s.keyed, what, `${path}.keyed`);
  if (s.operatorState !== undefined) subtask.operatorState = s.operatorState;
  return subtask;
}

function validateKeyed(value: unknown, what: string, path: string): KeyedStateMetadata {
  const k = record(value, what, path);
  const range = array(k.keyGroupRange, what, `${path}.keyGroupRange`);
  if (range.length !== 2) throw corrupt(what, `${path}.keyGroupRange is not [start, end]`);
  const states = array(k.states, what, `${path}.states`).map((s, i) => {
    const state = record(s, what, `${path}.states[${i}]`);
    const kind = string(state.kind, what, `${path}.states[${i}].kind`);
    if (!['value', 'list', 'map', 'reducing', 'aggregating'].includes(kind)) throw corrupt(what, `${path}.states[${i}].kind '${kind}' is unknown`);
    return { name: string(state.name, what, `${path}.states[${i}].name`), kind: kind as KeyedStateMetadata['states'][number]['kind'] };
  });
  const layers = array(k.layers, what, `${path}.layers`).map((l, i): KeyedLayerMetadata => {
    const layer = record(l, what, `${path}.layers[${i}]`);
    const kind = layer.kind;
    if (kind !== 'full' && kind !== 'delta') throw corrupt(what, `${path}.layers[${i}].kind is neither 'full' nor 'delta'`);
    return {
      checkpointId: integer(layer.checkpointId, what, `${path}.layers[${i}].checkpointId`),
      kind,
      chunks: array(layer.chunks, what, `${path}.layers[${i}].chunks`).map((c, j) => validateChunk(c, what, `${path}.layers[${i}].chunks[${j}]`)),
    };
  });
  if (layers.length > 0 && layers[0]!.kind !== 'full') throw corrupt(what, `${path}.layers does not start with a full base`);
  return { keyGroupRange: [integer(range[0], what, `${path}.keyGroupRange[0]`), integer(range[1], what, `${path}.keyGroupRange[1]`)], states, layers };
}

function validateChunk(value: unknown, what: string, path: string): ChunkMetadata {
  const c = record(value, what, path);
  const chunk: {
    firstKeyGroup: number;
    lastKeyGroup: number;
    entries: number;
    bytes: number;
    crc32: number;
    ref?: string;
    data?: Uint8Array;
  } = {
    firstKeyGroup: integer(c.firstKeyGroup, what, `${path}.firstKeyGroup`),
    lastKeyGroup: integer(c.lastKeyGroup, what, `${path}.lastKeyGroup`),
    entries: integer(c.entries, what, `${path}.entries`),
    bytes: integer(c.bytes, what, `${path}.bytes`),
    crc32: integer(c.crc32, what, `${path}.crc32`),
  };
  if (c.ref !== undefined) chunk.ref = string(c.ref, what, `${path}.ref`);
  if (c.data !== undefined) {
    if (!(c.data instanceof Uint8Array)) throw corrupt(what, `${path}.data is not bytes`);
    chunk.data = c.data;
  }
  if ((chunk.ref === undefined) === (chunk.data === undefined)) throw corrupt(what, `${path} needs exactly one of ref and data`);
  return chunk;
}

function record(value: unknown, what: string, path: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw corrupt(what, `${path} is not an object`);
  return value as Record<string, unknown>;
}

function array(value: unknown, what: string, path: string): unknown[] {
  if (!Array.isArray(value)) throw corrupt(what, `${path} is not a list`);
  return value;
}

function integer(value: unknown, what: string, path: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw corrupt(what, `${path} is not a non-negative integer`);
  return value as number;
}

function string(value: unknown, what: string, path: string): string {
  if (typeof value !== 'string') throw corrupt(what, `${path} is not a string`);
  return value;
}

function bool(value: unknown, what: string, path: string): boolean {
  if (typeof value !== 'boolean') throw corrupt(what, `${path} is not a boolean`);
  return value;
}

function corrupt(what: string, why: string, cause?: unknown): CheckpointError {
  return new CheckpointError(
    ErrorCodes.CHECKPOINT_CORRUPT,
    `The metadata of ${what} is corrupt: ${why}. It will not be restored; restore an older checkpoint or savepoint.`,
    cause === undefined ? undefined : { cause },
  );
}
