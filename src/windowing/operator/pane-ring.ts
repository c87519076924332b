/** A pane's number: `(paneStart - offset) / slide`. May be negative or beyond 2^32. */
export type PaneIndex = number;

/**
 * One key's pane accumulators, as a plain array (so state snapshots,
 * copy-on-write copies and the codec handle it like any state value):
 * `[capacity, pane, accumulator, pane, accumulator, ...]`. The first
 * `capacity` pairs are slots: pane `p` belongs in slot `p mod capacity`.
 * Pairs after them are overflow, for a pane whose slot another live pane
 * holds while the ring is sparse (elements far ahead of the others), so
 * capacity follows the number of live panes, not the distance between them.
 * A pair whose accumulator is undefined, or whose pane is older than the
 * oldest pane still in an open window, is free; freed pairs are never
 * erased, a later pane overwrites them.
 */
export type PaneRing = unknown[];

/** Slots of a new ring: a power of two above the panes per window, so steady in-order input never collides. */
export function initialRingSlots(panesPerWindow: number): number {
  let slots = 2;
  while (slots <= panesPerWindow) slots *= 2;
  return slots;
}

/** A ring with `slots` free slots. */
export function newRing(slots: number): PaneRing {
  const ring = new Array<unknown>(1 + 2 * slots).fill(undefined);
  ring[0] = slots;
  return ring;
}

/** Where {@link slotFor} found a pane: `ring[index]` is its accumulator. */
export interface RingSlot {
  ring: PaneRing;
  index: number;
}

/**
 * Finds the pair for `pane` in `ring` (taking over a free one, or adding
 * one) and reports it in `out`; the ring it reports may be a new, bigger
 * array when the old one was full.
 */
export function slotFor(ring: PaneRing, pane: PaneIndex, oldestLive: PaneIndex, out: RingSlot): void {
  for (;;) {
    const slots = ring[0] as number;
    // `&` takes the index modulo 2^32 first, exactly, so negative and huge pane indexes map too.
    const at = 1 + 2 * (pane & (slots - 1));
    const held = ring[at] as PaneIndex;
    if (held === pane) {
      out.ring = ring;
      out.index = at + 1;
      return;
    }
    // A pane that overflowed stays there, also when its slot frees up: a pane is in one place only.
    const overflow = ring.length > 1 + 2 * slots ? overflowIndexOf(ring, pane) : -1;
    if (overflow >= 0) {
      out.ring = ring;
      out.index = overflow + 1;
      return;
    }
    if (ring[at + 1] === undefined || held < oldestLive) {
      ring[at] = pane;
      ring[at + 1] = undefined;
      out.ring = ring;
      out.index = at + 1;
      return;
    }
    if (2 * (livePanes(ring, oldestLive) + 1) > slots) {
      ring = rebuild(ring, 2 * slots, oldestLive);
      continue;
    }
    dropExpiredOverflow(ring, oldestLive);
    ring.push(pane, undefined);
    out.ring = ring;
    out.index = ring.length - 1;
    return;
  }
}

/** The accumulator of `pane`, or undefined. */
export function accumulatorOf(ring: PaneRing, pane: PaneIndex): unknown {
  const at = 1 + 2 * (pane & ((ring[0] as number) - 1));
  if (ring[at] === pane) return ring[at + 1];
  const overflow = overflowIndexOf(ring, pane);
  return overflow < 0 ? undefined : ring[overflow + 1];
}

/** Whether the ring holds any pane at or after `pane`. */
export function holdsPaneFrom(ring: PaneRing, pane: PaneIndex): boolean {
  for (let i = 1; i < ring.length; i += 2) {
    if (ring[i + 1] !== undefined && (ring[i] as PaneIndex) >= pane) return true;
  }
  return false;
}

/** Calls `fn` with every pane that holds an accumulator and is not older than `oldestLive`. */
export function forEachLivePane(ring: PaneRing, oldestLive: PaneIndex, fn: (pane: PaneIndex) => void): void {
  for (let i = 1; i < ring.length; i += 2) {
    if (ring[i + 1] !== undefined && (ring[i] as PaneIndex) >= oldestLive) fn(ring[i] as PaneIndex);
  }
}

function overflowIndexOf(ring: PaneRing, pane: PaneIndex): number {
  for (let i = 1 + 2 * (ring[0] as number); i < ring.length; i += 2) if (ring[i] === pane) return i;
  return -1;
}

function livePanes(ring: PaneRing, oldestLive: PaneIndex): number {
  let live = 0;
  for (let i = 1; i < ring.length; i += 2) if (ring[i + 1] !== undefined && (ring[i] as PaneIndex) >= oldestLive) live++;
  return live;
}

/** Removes overflow pairs that are free, in place. */
function dropExpiredOverflow(ring: PaneRing, oldestLive: PaneIndex): void {
  let to = 1 + 2 * (ring[0] as number);
  for (let i = to; i < ring.length; i += 2) {
    if (ring[i + 1] === undefined || (ring[i] as PaneIndex) < oldestLive) continue;
    ring[to] = ring[i];
    ring[to + 1] = ring[i + 1];
    to += 2;
  }
  ring.length = to;
}

/** The live panes of `ring` in a new ring of `slots` slots (overflow where slots collide). */
function rebuild(ring: PaneRing, slots: number, oldestLive: PaneIndex): PaneRing {
  const bigger = newRing(slots);
  const out: RingSlot = { ring: bigger, index: 0 };
  for (let i = 1; i < ring.length; i += 2) {
    if (ring[i + 1] === undefined || (ring[i] as PaneIndex) < oldestLive) continue;
    slotFor(out.ring, ring[i] as PaneIndex, oldestLive, out);
    out.ring[out.index] = ring[i + 1];
  }
  return out.ring;
}
