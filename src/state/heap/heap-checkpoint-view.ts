import { describeValue } from '../../errors/argument-checks.js';
import { CheckpointError } from '../../errors/checkpoint-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { encodeValue } from '../codec/encode-value.js';
import { sameBytes } from '../codec/same-bytes.js';
import { ValueWriter } from '../codec/value-writer.js';
import type { KeyGroup } from '../key-group.js';
import type { KeyGroupRange } from '../key-group-range.js';
import type { KeyedCheckpointView, KeyedChunk, KeyedEncodeOptions } from '../keyed-checkpoint-view.js';
import type { NamespaceKey } from '../namespace-serializer.js';
import type { StateKind } from '../state-descriptor.js';
import { ChunkKind } from '../snapshot/keyed-chunk-format.js';
import { FREE_SLOT } from './key-hash-map.js';
import type { CapturedTable } from './state-table.js';

/** Section rows of one key group, as {@link KeyGroupedSections.snapshotKeyGroup} returns them. */
export type GroupSections = readonly { readonly name: string; readonly rows: readonly unknown[] }[];

/** What {@link HeapKeyedStateBackend.checkpointView} captured. */
export interface HeapCheckpointViewOptions {
  readonly checkpointId: number;
  /** Delta views write entries stamped at or after `baseVersion` (0 for full views: everything). */
  readonly kind: 'full' | 'delta';
  readonly previousCheckpointId: number | undefined;
  readonly baseVersion: number;
  readonly maxParallelism: number;
  readonly keyGroupRange: KeyGroupRange;
  readonly tables: readonly CapturedTable[];
  /** Per group offset, the sections as of this view. */
  readonly sections: readonly GroupSections[];
  /** Per group offset, the sections as of the previous view (deltas write only groups that differ). */
  readonly previousSections: readonly GroupSections[] | undefined;
  /** Called once, by the first {@link HeapCheckpointView.release}. */
  readonly onRelease: () => void;
}

/**
 * A copy-on-write view of a {@link HeapKeyedStateBackend}'s state (see
 * {@link KeyedCheckpointView}): the captured maps of every table, the
 * removal log of a delta, and the timer sections. Encoding reads only what
 * was captured, so records may keep changing the live state meanwhile.
 * Chunk payloads follow {@link KEYED_CHUNK_VERSION}'s layout.
 */
export class HeapCheckpointView implements KeyedCheckpointView {
  readonly checkpointId: number;
  readonly kind: 'full' | 'delta';
  readonly previousCheckpointId: number | undefined;
  readonly maxParallelism: number;
  readonly keyGroupRange: { readonly start: KeyGroup; readonly end: KeyGroup };
  readonly states: readonly { readonly name: string; readonly kind: StateKind }[];
  private captured: HeapCheckpointViewOptions | undefined;
  private encodeCalled = false;
  // Where the encoder is, for error messages (formatted only on failure).
  private whereState = '';
  private whereKey: unknown;
  private whereGroup = 0;
  private whereNamespace: NamespaceKey = null;
  private readonly where = (): string =>
    `State '${this.whereState}' of key ${describeValue(this.whereKey)}` +
    `${this.whereNamespace === null ? '' : ` in namespace ${describeValue(this.whereNamespace)}`} (key group ${this.whereGroup})`;

  constructor(options: HeapCheckpointViewOptions) {
    this.checkpointId = options.checkpointId;
    this.kind = options.kind;
    this.previousCheckpointId = options.previousCheckpointId;
    this.maxParallelism = options.maxParallelism;
    this.keyGroupRange = { start: options.keyGroupRange.start, end: options.keyGroupRange.end };
    this.states = options.tables.map((table) => ({ name: table.name, kind: table.kind }));
    this.captured = options;
  }

  async encode(options: KeyedEncodeOptions): Promise<KeyedChunk[]> {
    const captured = this.captured;
    if (this.encodeCalled || captured === undefined) {
      throw new CheckpointError(
        ErrorCodes.CHECKPOINT_FAILED,
        `The keyed-state view of checkpoint ${this.checkpointId} was already ${this.encodeCalled ? 'encoded' : 'released'}; ` +
          'take a new view with checkpointView() for every checkpoint, and encode it once before releasing it.',
      );
    }
    this.encodeCalled = true;
    const target = Math.max(1024, options.targetChunkBytes);
    const writer = new ValueWriter(Math.min(target + (target >> 2), 64 << 20));
    const chunks: KeyedChunk[] = [];
    let first = -1;
    let groups = 0;
    let entries = 0;
    let groupCountAt = this.writeChunkHeader(writer);
    for (let g = 0; g < captured.keyGroupRange.size; g++) {
      const written = this.writeGroup(writer, captured, g);
      if (written < 0) continue;
      if (first < 0) first = g;
      groups++;
      entries += written;
      if (writer.length >= target) {
        writer.patchUint32(groupCountAt, groups);
        chunks.push(this.chunk(writer, first, g, entries));
        first = -1;
        groups = entries = 0;
        // The view may be released while we wait (checkpoint aborted): stop then.
        await options.pause?.();
        if (this.captured === undefined) throw this.releasedWhileEncoding();
        groupCountAt = this.writeChunkHeader(writer);
      }
    }
    if (groups > 0) {
      writer.patchUint32(groupCountAt, groups);
      chunks.push(this.chunk(writer, first, captured.keyGroupRange.size - 1, entries));
    }
    return chunks;
  }

  release(): void {
    const captured = this.captured;
    if (captured === undefined) return;
    this.captured = undefined;
    captured.onRelease();
  }

  private chunk(writer: ValueWriter, firstOffset: number, lastOffset: number, entries: number): KeyedChunk {
    const start = this.keyGroupRange.start;
    return { firstKeyGroup: start + firstOffset, lastKeyGroup: start + lastOffset, entries, bytes: writer.finish() };
  }

  /** Kind and state names; returns where the group count goes. */
  private writeChunkHeader(writer: ValueWriter): number {
    writer.writeByte(this.kind === 'full' ? ChunkKind.FULL : ChunkKind.DELTA);
    writer.writeVarint(this.states.length);
    for (const { name, kind } of this.states) {
      writer.writeString(name);
      writer.writeString(kind);
    }
    return writer.reserveUint32();
  }

  /** Writes group offset `g`; returns how many entries it holds, or -1 (nothing written) when it has none. */
  private writeGroup(writer: ValueWriter, captured: HeapCheckpointViewOptions, g: number): number {
    const keyGroup = captured.keyGroupRange.start + g;
    const groupStart = writer.length;
    writer.writeVarint(keyGroup);
    const bodyAt = writer.reserveUint32();
    writer.forgetStrings();
    const tableCountAt = writer.reserveUint32();
    let tables = 0;
    let entries = 0;
    this.whereGroup = keyGroup;
    for (let t = 0; t < captured.tables.length; t++) {
      const written = this.writeTable(writer, captured.tables[t]!, t, g, captured.baseVersion);
      if (written < 0) continue;
      tables++;
      entries += written;
    }
    writer.patchUint32(tableCountAt, tables);
    const sections = captured.sections[g]!;
    const previous = captured.previousSections?.[g];
    if (previous !== undefined && sameSections(previous, sections)) {
      if (tables === 0) {
        writer.truncate(groupStart);
        return -1;
      }
      writer.writeByte(0);
    } else {
      if (tables === 0 && sections.length === 0 && (previous === undefined || previous.length === 0)) {
        writer.truncate(groupStart);
        return -1;
      }
      writer.writeByte(1);
      writer.writeVarint(sections.length);
      for (const { name, rows } of sections) {
        this.whereState = `timers '${name}'`;
        writer.writeString(name);
        writer.write(rows, () => `Section '${name}' of key group ${keyGroup}`);
        entries += rows.length;
      }
    }
    writer.patchUint32(bodyAt, writer.length - bodyAt - 4);
    return entries;
  }

  /** Writes one table's part of group offset `g`; returns its entry count, or -1 (nothing written) when it has none. */
  private writeTable(writer: ValueWriter, table: CapturedTable, index: number, g: number, base: number): number {
    const group = table.groups[g];
    const dropped = base === 0 ? undefined : table.dropped?.[g];
    const removed = base === 0 ? undefined : table.removed?.[g];
    if (group === undefined && dropped === undefined && removed === undefined) return -1;
    const start = writer.length;
    this.whereState = table.name;
    writer.writeVarint(index);
    writer.writeVarint(dropped?.length ?? 0);
    if (dropped !== undefined) for (const namespace of dropped) writer.write(namespace);
    writer.writeVarint((removed?.length ?? 0) / 2);
    if (removed !== undefined) for (const item of removed) writer.write(item);
    let entries = (dropped?.length ?? 0) + (removed?.length ?? 0) / 2;
    const namespaceCountAt = writer.reserveUint32();
    let namespaces = 0;
    if (group !== undefined) {
      const where = this.where;
      for (let n = 0; n < group.namespaces.length; n++) {
        const namespace = group.namespaces[n]!;
        const { slots, versions } = group.entries[n]!;
        const nsStart = writer.length;
        writer.write(namespace);
        const rowCountAt = writer.reserveUint32();
        this.whereNamespace = namespace;
        let rows = 0;
        for (let i = 0; i < versions.length; i++) {
          const key = slots[2 * i];
          if (key === FREE_SLOT || versions[i]! < base) continue;
          this.whereKey = key;
          writer.write(key, where);
          writer.write(slots[2 * i + 1], where);
          rows++;
        }
        if (rows === 0) {
          writer.truncate(nsStart);
          continue;
        }
        writer.patchUint32(rowCountAt, rows);
        namespaces++;
        entries += rows;
      }
      this.whereNamespace = null;
    }
    if (entries === 0) {
      writer.truncate(start);
      return -1;
    }
    writer.patchUint32(namespaceCountAt, namespaces);
    return entries;
  }

  private releasedWhileEncoding(): CheckpointError {
    return new CheckpointError(
      ErrorCodes.CHECKPOINT_FAILED,
      `The keyed-state view of checkpoint ${this.checkpointId} was released while it was being encoded (the checkpoint was aborted).`,
    );
  }
}

/** Whether two captures of a group's sections hold the same rows (same arrays, or equal encodings). */
function sameSections(a: GroupSections, b: GroupSections): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name) return false;
    if (x.rows === y.rows) continue;
    if (x.rows.length !== y.rows.length || !sameBytes(encodeValue(x.rows), encodeValue(y.rows))) return false;
  }
  return true;
}
