import type { KeyGroup } from './key-group.js';
import type { StateKind } from './state-descriptor.js';

/**
 * The synchronous part of a keyed-state checkpoint: a consistent,
 * copy-on-write view of one subtask's keyed state (timers included) as of the
 * barrier, taken in O(number of maps), not O(entries). Records keep flowing
 * and changing the live state while the view is encoded (the asynchronous
 * part); writes after the view never change what it encodes.
 *
 * A view is `full` (every entry) or a `delta`: only the entries put and
 * removed since the view of checkpoint `previousCheckpointId` (the last one
 * this backend took), so applying deltas in order on their full base gives
 * the state. Timers (sections) are written whole for each key group they
 * changed in.
 */
export interface KeyedCheckpointView {
  readonly checkpointId: number;
  readonly kind: 'full' | 'delta';
  /** The checkpoint whose view a delta applies on; undefined for full views. */
  readonly previousCheckpointId: number | undefined;
  readonly maxParallelism: number;
  readonly keyGroupRange: { readonly start: KeyGroup; readonly end: KeyGroup };
  /** Every registered state, including ones with no entries. */
  readonly states: readonly { readonly name: string; readonly kind: StateKind }[];
  /**
   * Encodes the view into chunk payloads of about `targetChunkBytes`, each
   * covering consecutive key groups, awaiting `pause()` between chunks so a
   * large state does not hold the task. Call once.
   * @throws StateError UNSUPPORTED_STATE_VALUE naming the state and key of a value the codec cannot persist.
   */
  encode(options: KeyedEncodeOptions): Promise<KeyedChunk[]>;
  /** Ends copy-on-write for this view: after `encode`, or when its checkpoint is abandoned. Idempotent. */
  release(): void;
}

/** How {@link KeyedCheckpointView.encode} chunks its output. */
export interface KeyedEncodeOptions {
  readonly targetChunkBytes: number;
  /** Awaited between chunks (the runtime yields to the event loop there). */
  readonly pause?: () => Promise<void>;
}

/** One encoded chunk of keyed state (the payload; framing and checksums are added by the writer). */
export interface KeyedChunk {
  readonly firstKeyGroup: KeyGroup;
  readonly lastKeyGroup: KeyGroup;
  /** Entries (rows plus removals plus section rows) it holds. */
  readonly entries: number;
  readonly bytes: Uint8Array;
}
