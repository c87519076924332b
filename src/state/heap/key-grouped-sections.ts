import { ErrorCodes } from '../../errors/error-codes.js';
import { StateError } from '../../errors/state-error.js';
import type { KeyGroup } from '../key-group.js';
import type { KeyGroupedSection } from '../keyed-state-snapshot.js';

/** Restored rows of one key group. */
interface PendingRows {
  readonly keyGroup: KeyGroup;
  readonly rows: readonly unknown[];
}

/**
 * The sections (timers) registered on a heap backend, and restored rows of
 * sections not registered yet: operators register sections in `open()`,
 * which runs after `restore()`, so rows wait here by name until then and are
 * snapshotted again if a checkpoint comes first.
 */
export class KeyGroupedSections {
  private readonly registered = new Map<string, KeyGroupedSection>();
  private readonly pending = new Map<string, PendingRows[]>();

  /** Registers `section` and hands it any rows restored for its name. */
  register(section: KeyGroupedSection): void {
    const existing = this.registered.get(section.name);
    if (existing !== undefined && existing !== section) {
      throw new StateError(
        ErrorCodes.STATE_CONFLICT,
        `A keyed-state section named '${section.name}' is already registered; give each section its own name.`,
      );
    }
    this.registered.set(section.name, section);
    const rows = this.pending.get(section.name);
    if (rows === undefined) return;
    this.pending.delete(section.name);
    for (const { keyGroup, rows: groupRows } of rows) section.restoreKeyGroup(keyGroup, groupRows);
  }

  /** Non-empty rows of every section (registered or pending) for `keyGroup`. */
  snapshotKeyGroup(keyGroup: KeyGroup): { name: string; rows: readonly unknown[] }[] {
    const out: { name: string; rows: readonly unknown[] }[] = [];
    for (const section of this.registered.values()) {
      const rows = section.snapshotKeyGroup(keyGroup);
      if (rows.length > 0) out.push({ name: section.name, rows });
    }
    for (const [name, pending] of this.pending) {
      for (const entry of pending) {
        if (entry.keyGroup === keyGroup && entry.rows.length > 0) out.push({ name, rows: structuredClone(entry.rows) });
      }
    }
    return out;
  }

  /** Delivers restored rows to the section `name`, or keeps them until it registers. */
  restoreKeyGroup(name: string, keyGroup: KeyGroup, rows: readonly unknown[]): void {
    const section = this.registered.get(name);
    if (section !== undefined) {
      section.restoreKeyGroup(keyGroup, rows);
      return;
    }
    let pending = this.pending.get(name);
    if (pending === undefined) this.pending.set(name, (pending = []));
    pending.push({ keyGroup, rows });
  }

  clear(): void {
    this.registered.clear();
    this.pending.clear();
  }
}
