import { ValueReader } from '../codec/value-reader.js';
import type { KeyGroup } from '../key-group.js';
import type { NamespaceKey } from '../namespace-serializer.js';
import type { GroupSegment } from './index-keyed-chain.js';

/** The sections (timer rows) of one key group, whole. */
export type GroupSectionRows = { name: string; rows: readonly unknown[] }[];

/**
 * What a reader of group bodies does with their entries, called in body
 * order: per table, its drops, then its removals, then its rows.
 */
export interface GroupBodyHandler {
  drop(state: string, namespace: NamespaceKey): void;
  remove(state: string, namespace: NamespaceKey, key: unknown): void;
  /** Reads `count` (key, value) pairs of `state` in `namespace` from `reader` (each pair: `reader.read()` twice). */
  readRows(state: string, namespace: NamespaceKey, count: number, reader: ValueReader): void;
}

/**
 * Reads one key group body (see {@link KEYED_CHUNK_VERSION}'s layout),
 * handing its entries to `handler`; returns the group's sections, or
 * undefined when a delta left them unchanged. Sections with no rows are left out.
 *
 * @throws CheckpointError CHECKPOINT_CORRUPT naming the group and chunk when
 * the body is malformed (a full body with drops or removals included).
 */
export function readGroupBody(segment: GroupSegment, keyGroup: KeyGroup, handler: GroupBodyHandler, full: boolean): GroupSectionRows | undefined {
  const reader = new ValueReader(segment.bytes, `key group ${keyGroup} in ${segment.what}`);
  const tables = reader.readUint32();
  for (let t = 0; t < tables; t++) {
    const state = segment.states[reader.readVarint()];
    if (state === undefined) throw reader.corrupt('a table refers to an undeclared state');
    const drops = reader.readVarint();
    if (full && drops > 0) throw reader.corrupt('a full view drops namespaces');
    for (let i = 0; i < drops; i++) handler.drop(state, readNamespace(reader));
    const removals = reader.readVarint();
    if (full && removals > 0) throw reader.corrupt('a full view removes keys');
    for (let i = 0; i < removals; i++) {
      const key = reader.read();
      handler.remove(state, readNamespace(reader), key);
    }
    const namespaces = reader.readUint32();
    for (let n = 0; n < namespaces; n++) {
      const namespace = readNamespace(reader);
      const rows = reader.readUint32();
      if (rows * 2 > reader.remaining) throw reader.corrupt(`${rows} rows cannot fit in the bytes left`);
      handler.readRows(state, namespace, rows, reader);
    }
  }
  const changed = reader.readVarint();
  if (changed === 0 && !full) {
    if (!reader.done) throw reader.corrupt('extra bytes follow the sections marker');
    return undefined;
  }
  if (changed !== 1) throw reader.corrupt('the sections marker is malformed');
  const sections: GroupSectionRows = [];
  for (let n = reader.readVarint(), i = 0; i < n; i++) {
    const name = reader.read();
    const rows = reader.read();
    if (typeof name !== 'string' || !Array.isArray(rows)) throw reader.corrupt('a section is malformed');
    if (rows.length > 0) sections.push({ name, rows });
  }
  if (!reader.done) throw reader.corrupt('extra bytes follow the sections');
  return sections;
}

function readNamespace(reader: ValueReader): NamespaceKey {
  const namespace = reader.read();
  if (namespace === null || typeof namespace === 'string' || typeof namespace === 'number') return namespace;
  throw reader.corrupt('a namespace is not a string, number or null');
}
