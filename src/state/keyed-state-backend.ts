import type { Key } from './key-encoding.js';
import type { KeyGroup } from './key-group.js';
import type { KeyGroupRange } from './key-group-range.js';
import type { InternalKeyedState } from './internal-keyed-state.js';
import type { KeyGroupedSection, KeyedStateSnapshot } from './keyed-state-snapshot.js';
import type { KeyedCheckpointView } from './keyed-checkpoint-view.js';
import type { RestorableKeyedState } from './encoded-keyed-state.js';
import type { NamespaceKey, NamespaceSerializer } from './namespace-serializer.js';
import type { StateDescriptor } from './state-descriptor.js';

/**
 * Working keyed state of one operator subtask, for the key groups in
 * `keyGroupRange`. Synchronous: the operator calls it once per element.
 *
 * Contract:
 * - `setCurrentKey` is called before any state access for an element or
 *   timer; it validates the key (InvalidKeyError) and computes its group.
 * - Only the task thread calls it; nothing is thread-safe or re-entrant.
 * - `snapshot()` returns data that later writes never change.
 * - `restore()` is called once, before the first `setCurrentKey`, with every
 *   snapshot whose range overlaps this one; groups outside the range are ignored.
 */
export interface KeyedStateBackend {
  readonly keyGroupRange: KeyGroupRange;
  readonly maxParallelism: number;

  /** Makes `key` current. Throws InvalidKeyError naming `where` when `key` cannot be a key. */
  setCurrentKey(key: unknown, where?: string): void;
  /**
   * Makes current a key this backend handed out before (`currentKey`) with
   * its hash (`currentKeyHash`), skipping hashing and validation: for timers
   * and whole-window evaluation, which keep both.
   */
  setCurrentKeyAndHash(internalKey: Key, keyHash: number): void;
  /**
   * The current key's 32-bit hash as a signed int32 (`hash | 0`: the same
   * bits as the unsigned MurmurHash3, kept a small integer for speed);
   * `currentKeyGroup` is `keyGroupOfHash(hash, maxParallelism)`.
   */
  readonly currentKeyHash: number;
  /** The current key (arrays are returned as the interned, frozen instance). */
  readonly currentKey: Key | undefined;
  readonly currentKeyGroup: KeyGroup;

  /** The user-facing state handle for `descriptor` (namespace: none). Same descriptor name → same state. */
  getState<S>(descriptor: StateDescriptor<S>): S;
  /** A namespaced state (window state): the handle and its internal operations. */
  getNamespacedState<S, N>(descriptor: StateDescriptor<S>, namespaces: NamespaceSerializer<N>): S & InternalKeyedState<N>;

  /** Calls `fn` with each key that has any entry in state `name` (all namespaces, all key groups). */
  forEachKey(name: string, fn: (key: Key) => void): void;

  /** Calls `fn` with each namespace (other than the void one) that has any entry in state `name`. */
  forEachNamespace(name: string, fn: (namespace: NamespaceKey) => void): void;

  /** Registers per-key-group data (timers) that snapshots and restores with the state. */
  registerSection(section: KeyGroupedSection): void;

  /** A deep, plain copy of all state (tests, harnesses; checkpoints use {@link checkpointView}). */
  snapshot(): KeyedStateSnapshot;
  /**
   * The synchronous part of checkpoint `checkpointId`: a copy-on-write view,
   * encoded later. `incremental` asks for a delta on the previous view; the
   * backend still returns a full view for the first checkpoint, after an
   * abort, or every `compactEvery`-th checkpoint (see the view's `kind`).
   */
  checkpointView(checkpointId: number, options: { readonly incremental: boolean; readonly compactEvery: number }): KeyedCheckpointView;
  /** Checkpoint `checkpointId` will never complete: the next view must not build on it. */
  notifyCheckpointAborted(checkpointId: number): void;
  /**
   * Loads restored state: plain snapshots (rows, copied) or stored chunks
   * ({@link EncodedKeyedState}, decoded straight into the backend's own
   * structures: how checkpoints restore). Several old subtasks' state may
   * come in one call (rescaling); their key groups are disjoint. Must not
   * mutate or keep what it is given, except fresh values decoded from chunks.
   * On failure the backend may hold part of the state: dispose it.
   * @throws StateError STATE_RESTORE_FAILED (maxParallelism mismatch, a state
   * kind conflict, a key stored under the wrong key group); CheckpointError
   * CHECKPOINT_CORRUPT naming the chunk of a malformed payload.
   */
  restore(snapshots: readonly RestorableKeyedState[]): void;
  dispose(): void;
}
