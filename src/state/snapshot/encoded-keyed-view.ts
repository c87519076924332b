import type { KeyGroup } from '../key-group.js';
import type { StateKind } from '../state-descriptor.js';

/**
 * One stored keyed-state view of one subtask: what its checkpoint metadata
 * records, and its chunk payloads (layout: {@link KEYED_CHUNK_VERSION}).
 * A subtask's state is a chain of these: a full view, then the deltas taken
 * after it, oldest first.
 */
export interface EncodedKeyedView {
  readonly kind: 'full' | 'delta';
  readonly maxParallelism: number;
  readonly keyGroupRange: { readonly start: KeyGroup; readonly end: KeyGroup };
  readonly states: readonly { readonly name: string; readonly kind: StateKind }[];
  /** Unframed chunk payloads as {@link KeyedCheckpointView.encode} returned them (those outside the wanted range may be left out). */
  readonly chunks: readonly Uint8Array[];
  /** Names the view in error messages: `"checkpoint 7 of operator 'sum', subtask 0"`. */
  readonly what?: string;
  /** Names of the chunks (their storage refs), by index, for error messages; default: their index. */
  readonly chunkNames?: readonly string[];
}
