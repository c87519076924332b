import { ConfigError } from '../../errors/config-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { murmur3Utf16Bits } from '../murmur3.js';
import { describeValue, requireIntegerInRange } from '../../errors/argument-checks.js';
import { StateError } from '../../errors/state-error.js';
import type { InternalKeyedState } from '../internal-keyed-state.js';
import type { Key } from '../key-encoding.js';
import { KeyGroupAssigner, keyGroupOfHash, type KeyGroup } from '../key-group.js';
import type { KeyGroupRange } from '../key-group-range.js';
import type { RestorableKeyedState } from '../encoded-keyed-state.js';
import type { KeyedCheckpointView } from '../keyed-checkpoint-view.js';
import type { KeyedStateBackend } from '../keyed-state-backend.js';
import type { KeyGroupedSection, KeyedStateSnapshot } from '../keyed-state-snapshot.js';
import { VOID_NAMESPACE, type NamespaceKey, type NamespaceSerializer } from '../namespace-serializer.js';
import type { StateDescriptor, StateKind } from '../state-descriptor.js';
import { CopyOnWriteClock } from './copy-on-write-clock.js';
import { createHeapState } from './create-heap-state.js';
import { HeapCheckpointView, type GroupSections } from './heap-checkpoint-view.js';
import type { HeapStateBase } from './heap-state-base.js';
import { KeyContext, type InternalKey } from './key-context.js';
import { KeyGroupedSections } from './key-grouped-sections.js';
import { KeyInterner } from './key-interner.js';
import { restoreHeapSnapshots } from './restore-heap-snapshots.js';
import { StateTable } from './state-table.js';
import { takeHeapSnapshot } from './take-heap-snapshot.js';

/** Options of {@link HeapKeyedStateBackend}. */
export interface HeapKeyedStateBackendOptions {
  readonly keyGroupRange: KeyGroupRange;
  readonly maxParallelism: number;
  /** uid of the owning operator, named in error messages. */
  readonly operatorUid?: string;
}

const DEFAULT_WHERE = 'The key selector';

/** The last checkpoint view taken: what the next delta builds on. */
interface LastView {
  readonly checkpointId: number;
  readonly version: number;
  /** Whether removals were logged from this view on (the next view may be a delta). */
  readonly incremental: boolean;
  readonly sections: readonly GroupSections[];
}

/** Marks "no primitive key cached"; never equal to a user key. */
const NO_KEY: unknown = Symbol('no key');

/**
 * Keyed state in JS Maps, per key group (Flink's HashMapStateBackend): the
 * working state of every weir backend. Synchronous; `setCurrentKey` hashes
 * the key once and every state access reuses that (see {@link StateTable}
 * for the layout).
 *
 * - Handles are cached by state name; `getState` and `getNamespacedState`
 *   of one name share one table (`getState` uses the void namespace).
 * - Tuple keys are interned ({@link KeyInterner}), so they compare by value.
 * - State restored for a name nobody registered yet waits under that name
 *   (operators register state in `open()`, after `restore()`), and is
 *   included in snapshots meanwhile. Sections wait the same way.
 *
 * Checkpoints take copy-on-write views ({@link checkpointView}): O(maps) to
 * take; afterwards the first write to each map copies its arrays, and the
 * first in-place mutation of an object value a view holds copies that value
 * (handles read such values through `getMutable`). Incremental views write
 * entries stamped since the previous view plus a log of removals.
 *
 * Throws StateError STATE_CONFLICT (one name, two kinds), NO_CURRENT_KEY
 * (state access before `setCurrentKey`), INVALID_ARGUMENT (a key outside the
 * key group range), STATE_RESTORE_FAILED (see {@link restoreHeapSnapshots});
 * InvalidKeyError for a non-key.
 *
 * @example
 * ```ts
 * const backend = new HeapKeyedStateBackend({ keyGroupRange: KeyGroupRange.all(128), maxParallelism: 128 });
 * const count = backend.getState(new ValueStateDescriptor<number>({ name: 'count', defaultValue: 0 }));
 * backend.setCurrentKey('user-1');
 * count.update(count.value()! + 1);
 * ```
 */
export class HeapKeyedStateBackend implements KeyedStateBackend {
  readonly keyGroupRange: KeyGroupRange;
  readonly maxParallelism: number;
  private readonly operatorUid: string | undefined;
  private readonly assigner: KeyGroupAssigner;
  private readonly ctx = new KeyContext();
  private readonly interner: KeyInterner;
  private readonly tables = new Map<string, StateTable>();
  private readonly handles = new Map<string, HeapStateBase<null>>();
  private readonly namespacedHandles = new Map<string, Map<NamespaceSerializer<unknown>, HeapStateBase<unknown>>>();
  private readonly sections = new KeyGroupedSections();
  private readonly clock = new CopyOnWriteClock();
  private readonly openViews = new Map<number, HeapCheckpointView>();
  private lastView: LastView | undefined;
  /** Checkpoint ids of the views the next delta would build on (since the last full view). */
  private chain = new Set<number>();
  private deltasSinceFull = 0;
  /** A checkpoint of the chain was aborted: the next view must be full. */
  private forceFull = false;
  /** Whether tables log removals (the last view was incremental). */
  private tracking = false;
  // The last primitive key: consecutive elements often share a key.
  private lastPrimitive: unknown = NO_KEY;
  // Output of resolve(), in fields so the per-element path allocates nothing.
  private resolvedKey: InternalKey | undefined = undefined;

  constructor(options: HeapKeyedStateBackendOptions) {
    const { keyGroupRange: range, maxParallelism } = options;
    this.assigner = new KeyGroupAssigner(maxParallelism);
    if (!(range.start >= 0 && range.end < maxParallelism && range.start <= range.end)) {
      throw new ConfigError(
        ErrorCodes.INVALID_ARGUMENT,
        `The key group range ${range} must be non-empty and lie within 0..${maxParallelism - 1} (maxParallelism ${maxParallelism}).`,
      );
    }
    this.keyGroupRange = range;
    this.maxParallelism = maxParallelism;
    this.operatorUid = options.operatorUid;
    this.interner = new KeyInterner(this.assigner, (live) => {
      for (const table of this.tables.values()) table.collectArrayKeys(live);
    });
  }

  setCurrentKey(key: unknown, where: string = DEFAULT_WHERE): void {
    if (key === this.lastPrimitive) return;
    let hash: number;
    if (typeof key === 'string') {
      // The per-element hot path: no validation needed, no interning.
      hash = murmur3Utf16Bits(key);
      this.resolvedKey = key;
    } else {
      hash = this.resolve(key, where);
    }
    const group = keyGroupOfHash(hash, this.maxParallelism);
    const offset = group - this.keyGroupRange.start;
    if (offset < 0 || group > this.keyGroupRange.end) {
      throw new StateError(
        ErrorCodes.INVALID_ARGUMENT,
        `Key ${describeValue(key)} belongs to key group ${group}, outside ${this.keyGroupRange}` +
          `${this.operatorUid === undefined ? '' : ` of operator '${this.operatorUid}'`}. ` +
          'Elements must reach a keyed operator through keyBy with the same maxParallelism.',
      );
    }
    this.ctx.key = this.resolvedKey;
    this.ctx.group = offset;
    this.ctx.hash = hash;
    this.lastPrimitive = typeof key === 'object' ? NO_KEY : key;
  }

  setCurrentKeyAndHash(internalKey: Key, keyHash: number): void {
    this.ctx.key = internalKey;
    this.ctx.hash = keyHash | 0;
    this.ctx.group = keyGroupOfHash(keyHash, this.maxParallelism) - this.keyGroupRange.start;
    this.lastPrimitive = typeof internalKey === 'object' ? NO_KEY : internalKey;
  }

  get currentKeyHash(): number {
    return this.ctx.hash;
  }

  get currentKey(): Key | undefined {
    return this.ctx.group < 0 ? undefined : this.ctx.key;
  }

  /** The current key's group, or -1 before the first `setCurrentKey`. */
  get currentKeyGroup(): KeyGroup {
    return this.ctx.group < 0 ? -1 : this.keyGroupRange.start + this.ctx.group;
  }

  getState<S>(descriptor: StateDescriptor<S>): S {
    const cached = this.handles.get(descriptor.name);
    if (cached !== undefined) {
      this.requireKind(this.tables.get(descriptor.name)!, descriptor.kind, false);
      return cached as unknown as S;
    }
    const handle = createHeapState(descriptor, this.tableFor(descriptor.name, descriptor.kind, false), VOID_NAMESPACE);
    this.handles.set(descriptor.name, handle);
    return handle as unknown as S;
  }

  getNamespacedState<S, N>(descriptor: StateDescriptor<S>, namespaces: NamespaceSerializer<N>): S & InternalKeyedState<N> {
    const table = this.tableFor(descriptor.name, descriptor.kind, false);
    let bySerializer = this.namespacedHandles.get(descriptor.name);
    if (bySerializer === undefined) this.namespacedHandles.set(descriptor.name, (bySerializer = new Map()));
    let handle = bySerializer.get(namespaces as NamespaceSerializer<unknown>);
    if (handle === undefined) {
      handle = createHeapState(descriptor, table, namespaces as NamespaceSerializer<unknown>);
      bySerializer.set(namespaces as NamespaceSerializer<unknown>, handle);
    }
    return handle as unknown as S & InternalKeyedState<N>;
  }

  forEachKey(name: string, fn: (key: Key) => void): void {
    const table = this.tables.get(name);
    if (table === undefined) return;
    // Keys are collected per group first so `fn` may change state while we iterate.
    for (let g = 0; g < this.keyGroupRange.size; g++) for (const key of table.keysOf(g)) fn(key);
  }

  forEachNamespace(name: string, fn: (namespace: NamespaceKey) => void): void {
    this.tables.get(name)?.forEachNamespace(fn);
  }

  registerSection(section: KeyGroupedSection): void {
    this.sections.register(section);
  }

  snapshot(): KeyedStateSnapshot {
    return takeHeapSnapshot({
      keyGroupRange: this.keyGroupRange,
      maxParallelism: this.maxParallelism,
      tables: this.tables,
      sections: this.sections,
    });
  }

  checkpointView(checkpointId: number, options: { readonly incremental: boolean; readonly compactEvery: number }): KeyedCheckpointView {
    requireIntegerInRange(options.compactEvery, 'compactEvery', 1, Number.MAX_SAFE_INTEGER);
    const previous = this.lastView;
    const tables = [...this.tables.values()];
    const full =
      !options.incremental ||
      previous === undefined ||
      !previous.incremental ||
      this.forceFull ||
      this.deltasSinceFull + 1 >= options.compactEvery ||
      !tables.every((table) => table.changesComplete);
    const version = this.clock.startView();
    // Capturing also hands over each table's removal log and starts a new one.
    const captured = tables.map((table) => table.capture());
    this.tracking = options.incremental;
    for (const table of tables) table.trackChanges(options.incremental);
    const sections: GroupSections[] = [];
    for (let g = this.keyGroupRange.start; g <= this.keyGroupRange.end; g++) sections.push(this.sections.snapshotKeyGroup(g));
    const view = new HeapCheckpointView({
      checkpointId,
      kind: full ? 'full' : 'delta',
      previousCheckpointId: full ? undefined : previous!.checkpointId,
      baseVersion: full ? 0 : previous!.version,
      maxParallelism: this.maxParallelism,
      keyGroupRange: this.keyGroupRange,
      tables: captured,
      sections,
      previousSections: full ? undefined : previous!.sections,
      onRelease: () => {
        this.clock.endView(version);
        if (this.openViews.get(checkpointId) === view) this.openViews.delete(checkpointId);
      },
    });
    this.openViews.get(checkpointId)?.release();
    this.openViews.set(checkpointId, view);
    this.lastView = { checkpointId, version, incremental: options.incremental, sections };
    if (full) {
      this.chain = new Set([checkpointId]);
      this.deltasSinceFull = 0;
    } else {
      this.chain.add(checkpointId);
      this.deltasSinceFull++;
    }
    this.forceFull = false;
    return view;
  }

  notifyCheckpointAborted(checkpointId: number): void {
    if (this.chain.has(checkpointId)) this.forceFull = true;
    this.openViews.get(checkpointId)?.release();
  }

  restore(snapshots: readonly RestorableKeyedState[]): void {
    // Restored state is not in any view: the next one must be full.
    this.forceFull = true;
    restoreHeapSnapshots(snapshots, {
      keyGroupRange: this.keyGroupRange,
      maxParallelism: this.maxParallelism,
      tables: this.tables,
      sections: this.sections,
      tableFor: (name, kind) => this.tableFor(name, kind, true),
      locateKey: (key) => {
        const hash = this.resolve(key, 'A key in the snapshot');
        return { key: this.resolvedKey!, keyGroup: keyGroupOfHash(hash, this.maxParallelism), hash };
      },
    });
  }

  dispose(): void {
    for (const view of [...this.openViews.values()]) view.release();
    this.lastView = undefined;
    for (const table of this.tables.values()) table.clearAll();
    this.tables.clear();
    this.handles.clear();
    this.namespacedHandles.clear();
    this.sections.clear();
    this.interner.clear();
    this.ctx.reset();
    this.lastPrimitive = NO_KEY;
  }

  /** Validates `key`, stores its internal form in `resolvedKey` and returns its 32-bit hash (as an int32, see KeyContext.hash). */
  private resolve(key: unknown, where: string): number {
    if (Array.isArray(key)) {
      const interned = this.interner.intern(key, where);
      this.resolvedKey = interned.key;
      return interned.hash | 0;
    }
    const hash = this.assigner.hashBits(key, where);
    this.resolvedKey = key === 0 ? 0 : (key as InternalKey);
    return hash;
  }

  private tableFor(name: string, kind: StateKind, restoring: boolean): StateTable {
    let table = this.tables.get(name);
    if (table === undefined) {
      table = new StateTable(name, kind, this.keyGroupRange.size, this.ctx, this.clock);
      table.trackChanges(this.tracking);
      this.tables.set(name, table);
    } else {
      this.requireKind(table, kind, restoring);
    }
    return table;
  }

  private requireKind(table: StateTable, kind: StateKind, restoring: boolean): void {
    if (table.kind === kind) return;
    throw new StateError(
      restoring ? ErrorCodes.STATE_RESTORE_FAILED : ErrorCodes.STATE_CONFLICT,
      `State '${table.name}' is already ${table.kind} state, so it cannot also be ${kind} state. ` +
        'Give each state descriptor its own name (after a restore, keep the kind of a named state stable).',
    );
  }
}
