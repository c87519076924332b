import { CheckpointError } from '../../errors/checkpoint-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { StateError } from '../../errors/state-error.js';
import type { OperatorSnapshot } from '../../runtime/operator-snapshot.js';
import { KeyGroupRange } from '../../state/key-group-range.js';
import type { EncodedKeyedState } from '../../state/encoded-keyed-state.js';
import { encodeValue } from '../../state/codec/encode-value.js';
import { sameBytes } from '../../state/codec/same-bytes.js';
import type { EncodedKeyedView } from '../../state/snapshot/encoded-keyed-view.js';
import { indexKeyedChain } from '../../state/snapshot/index-keyed-chain.js';
import type { CheckpointPointer, CheckpointStorage } from '../checkpoint-storage.js';
import { crc32 } from '../format/crc32.js';
import { unframeBytes } from '../format/unframe-bytes.js';
import { decodeCheckpointMetadata } from '../metadata/checkpoint-metadata-codec.js';
import type { CheckpointMetadata, ChunkMetadata, KeyedStateMetadata, OperatorMetadata } from '../metadata/checkpoint-metadata.js';
import { CHUNK_FORMAT_VERSION, CHUNK_MAGIC } from '../metadata/chunk-format.js';

/** The operators of the job being restored. */
export interface RestoreTarget {
  readonly maxParallelism: number;
  readonly operators: readonly { readonly uid: string; readonly parallelism: number }[];
  /** Skip state of operators the job no longer has instead of failing. */
  readonly allowNonRestoredState: boolean;
}

/**
 * A checkpoint read back: its metadata and, per operator uid, one snapshot
 * per subtask of the new job. Keyed state stays encoded
 * ({@link EncodedKeyedState}): each backend decodes its part into its own
 * tables when the operator restores.
 */
export interface LoadedCheckpoint {
  readonly pointer: CheckpointPointer;
  readonly metadata: CheckpointMetadata;
  readonly snapshots: ReadonlyMap<string, readonly OperatorSnapshot[]>;
}

/**
 * Reads a completed checkpoint or savepoint and turns it into what each
 * operator subtask of `target` restores: keyed state re-split by key group
 * for the new parallelism (the chunks of every old subtask whose key groups
 * overlap, as {@link EncodedKeyedState}: decoded by the backend, not here),
 * operator state by subtask index. Every chunk's size and CRC-32 are
 * checked against the metadata and its own frame, and the views' chunk
 * headers are checked to form one chain per old subtask, so a damaged
 * checkpoint fails here (and an older one can be tried); nothing partial is
 * ever returned.
 *
 * @throws CheckpointError CHECKPOINT_NOT_FOUND, CHECKPOINT_CORRUPT (naming the chunk), UNSUPPORTED_FORMAT_VERSION;
 * NON_RESTORED_STATE naming the uid of state no operator takes; StateError STATE_RESTORE_FAILED for a maxParallelism change.
 */
export async function loadCheckpoint(
  storage: CheckpointStorage,
  pointer: CheckpointPointer,
  target: RestoreTarget,
  /** The pointer's metadata when the caller decoded it already. */
  decoded?: CheckpointMetadata,
): Promise<LoadedCheckpoint> {
  const what = `${pointer.savepoint ? 'savepoint' : 'checkpoint'} '${pointer.location}' in ${pointer.root ?? storage.description}`;
  const metadata = decoded ?? decodeCheckpointMetadata(await storage.readMetadata(pointer), what);
  const planned = new Map(target.operators.map((op) => [op.uid, op]));
  for (const op of metadata.operators) {
    if (planned.has(op.uid) || !holdsState(op) || target.allowNonRestoredState) continue;
    throw new CheckpointError(
      ErrorCodes.NON_RESTORED_STATE,
      `The ${what} holds state of operator '${op.uid}' (${op.name}), which this job does not have. ` +
        "Give the operator that should take it the same uid('...'), or pass allowNonRestoredState: true to drop that state.",
    );
  }
  const snapshots = new Map<string, OperatorSnapshot[]>();
  for (const op of metadata.operators) {
    const into = planned.get(op.uid);
    if (into === undefined || !holdsState(op)) continue;
    if (op.subtasks.some((s) => s.keyed !== undefined) && metadata.maxParallelism !== target.maxParallelism) {
      throw new StateError(
        ErrorCodes.STATE_RESTORE_FAILED,
        `The ${what} was taken with maxParallelism ${metadata.maxParallelism}, but this job has maxParallelism ${target.maxParallelism}; ` +
          `keyed state of '${op.uid}' cannot be re-split. Run the job with maxParallelism ${metadata.maxParallelism}.`,
      );
    }
    const sharedOperatorState = operatorStateAcrossRescale(op, into.parallelism, what);
    const perSubtask: OperatorSnapshot[] = [];
    for (let s = 0; s < into.parallelism; s++) {
      const range = KeyGroupRange.forOperator(target.maxParallelism, into.parallelism, s);
      const chains: EncodedKeyedView[][] = [];
      for (const old of op.subtasks) {
        if (old.keyed === undefined) continue;
        const oldRange = new KeyGroupRange(old.keyed.keyGroupRange[0], old.keyed.keyGroupRange[1]);
        if (oldRange.intersection(range).size === 0) continue;
        chains.push(await readKeyed(storage, pointer, old.keyed, range, metadata.maxParallelism, `${what}, operator '${op.uid}'`));
      }
      const sameIndex = op.subtasks.find((old) => old.subtaskIndex === s);
      const snapshot: { uid: string; subtaskIndex: number; keyed?: EncodedKeyedState; operatorState?: unknown } = { uid: op.uid, subtaskIndex: s };
      if (chains.length > 0) snapshot.keyed = { kind: 'encoded', chains };
      const operatorState = sharedOperatorState ?? sameIndex?.operatorState;
      if (operatorState !== undefined) snapshot.operatorState = operatorState;
      perSubtask.push(snapshot);
    }
    snapshots.set(op.uid, perSubtask);
  }
  return { pointer, metadata, snapshots };
}

/**
 * Operator state (non-keyed) at another parallelism: when every old
 * subtask holds the same (a window operator's layout marker), each new
 * subtask gets it. Per-subtask operator state (a sink's pending
 * transactions) cannot be re-split yet: the restore fails rather than lose
 * or repeat them. Undefined: restore by subtask index.
 */
function operatorStateAcrossRescale(op: OperatorMetadata, parallelism: number, what: string): unknown {
  if (op.parallelism === parallelism) return undefined;
  const states = op.subtasks.map((s) => s.operatorState).filter((state) => state !== undefined);
  if (states.length === 0) return undefined;
  const first = encodeValue(states[0]);
  if (states.length === op.parallelism && states.every((state) => sameBytes(encodeValue(state), first))) return states[0];
  throw new StateError(
    ErrorCodes.STATE_RESTORE_FAILED,
    `The ${what} holds per-subtask operator state of '${op.uid}' (${op.name}) for parallelism ${op.parallelism}, ` +
      `but the operator now runs at parallelism ${parallelism}. Such state (pending sink transactions, source positions) ` +
      `cannot be re-split yet: restore at parallelism ${op.parallelism}; keyed state rescales freely.`,
  );
}

function holdsState(op: OperatorMetadata): boolean {
  return op.subtasks.some((s) => s.operatorState !== undefined || (s.keyed !== undefined && s.keyed.layers.some((l) => l.chunks.length > 0)));
}

/** Reads and checks the layers of one old subtask whose chunks hold key groups of `range`: its chain of views. */
async function readKeyed(
  storage: CheckpointStorage,
  pointer: CheckpointPointer,
  keyed: KeyedStateMetadata,
  range: KeyGroupRange,
  maxParallelism: number,
  what: string,
): Promise<EncodedKeyedView[]> {
  const views: EncodedKeyedView[] = await Promise.all(
    keyed.layers.map(async (layer) => {
      const chunks = layer.chunks.filter((chunk) => chunk.lastKeyGroup >= range.start && chunk.firstKeyGroup <= range.end);
      return {
        kind: layer.kind,
        maxParallelism,
        keyGroupRange: { start: keyed.keyGroupRange[0], end: keyed.keyGroupRange[1] },
        states: keyed.states,
        what: `${what}, checkpoint ${layer.checkpointId} layer`,
        chunks: await Promise.all(chunks.map((chunk) => readChunk(storage, pointer, chunk, what))),
        chunkNames: chunks.map(chunkName),
      };
    }),
  );
  // Chunk headers only (O(key groups)): bodies are decoded by the backend.
  indexKeyedChain(views, range);
  return views;
}

async function readChunk(storage: CheckpointStorage, pointer: CheckpointPointer, chunk: ChunkMetadata, what: string): Promise<Uint8Array> {
  const name = chunkName(chunk);
  const framed = chunk.data ?? (await storage.readChunk(pointer, chunk.ref!));
  if (framed.byteLength !== chunk.bytes || crc32(framed) !== chunk.crc32) {
    throw new CheckpointError(
      ErrorCodes.CHECKPOINT_CORRUPT,
      `Chunk '${name}' of ${what} is ${framed.byteLength === chunk.bytes ? 'corrupt (checksum mismatch)' : `truncated or replaced (${framed.byteLength} bytes, the metadata says ${chunk.bytes})`}. ` +
        'It will not be restored; restore an older checkpoint or savepoint.',
    );
  }
  // The metadata's CRC-32 covers the whole frame, the frame's own checksum included: no second pass.
  return unframeBytes(framed, { magic: CHUNK_MAGIC, maxVersion: CHUNK_FORMAT_VERSION, what: `chunk '${name}' of ${what}`, checksumVerified: true }).payload;
}

function chunkName(chunk: ChunkMetadata): string {
  return chunk.ref ?? `inline chunk of key groups ${chunk.firstKeyGroup}-${chunk.lastKeyGroup}`;
}
