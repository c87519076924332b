/**
 * One key's pane accumulators, as a plain array (so state snapshots,
 * copy-on-write copies and the codec handle it like any state value):
 * slot `i` holds a pane index at `[2i]` and that pane's accumulator at
 * `[2i + 1]`. Pane `p` lives in slot `p mod capacity`; a slot whose
 * accumulator is undefined, or whose pane is older than the oldest pane
 * still in an open window, is free. Freed panes are never erased: a later
 * pane overwrites them.
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
  return new Array<unknown>(2 * slots).fill(undefined);
}

/**
 * The slot for pane `pane` in `ring`, after freeing it of an expired pane;
 * grows the ring (into a new array) while a live pane occupies it. Returns
 * the ring that holds the slot and the slot's index in {@link RingSlot}.
 */
export function slotFor(ring: PaneRing, pane: number, oldestLive: number, out: RingSlot): void {
  for (;;) {
    const mask = ring.length / 2 - 1;
    // `&` takes the index modulo 2^32 first, exactly, so negative and huge pane indexes map too.
    const slot = pane & mask;
    const accumulator = ring[2 * slot + 1];
    const held = ring[2 * slot] as number;
    if (accumulator === undefined || held === pane || held < oldestLive) {
      if (held !== pane) ring[2 * slot + 1] = undefined;
      ring[2 * slot] = pane;
      out.ring = ring;
      out.index = 2 * slot + 1;
      return;
    }
    ring = grow(ring, oldestLive);
  }
}

/** Where {@link slotFor} found a pane: `ring[index]` is its accumulator. */
export interface RingSlot {
  ring: PaneRing;
  index: number;
}

/** The accumulator of pane `pane`, or undefined when the ring holds none. */
export function accumulatorOf(ring: PaneRing, pane: number): unknown {
  const slot = pane & (ring.length / 2 - 1);
  return ring[2 * slot] === pane ? ring[2 * slot + 1] : undefined;
}

/** Whether the ring holds any pane at or after `pane`. */
export function holdsPaneFrom(ring: PaneRing, pane: number): boolean {
  for (let i = 0; i < ring.length; i += 2) {
    if (ring[i + 1] !== undefined && (ring[i] as number) >= pane) return true;
  }
  return false;
}

/** The live panes in a ring of at least twice the slots, doubled again until no two live panes share a slot. */
function grow(ring: PaneRing, oldestLive: number): PaneRing {
  for (let slots = ring.length; ; slots *= 2) {
    const bigger = newRing(slots);
    const mask = slots - 1;
    let fits = true;
    for (let i = 0; i < ring.length && fits; i += 2) {
      const pane = ring[i] as number;
      if (ring[i + 1] === undefined || pane < oldestLive) continue;
      const slot = pane & mask;
      if (bigger[2 * slot + 1] !== undefined) fits = false;
      bigger[2 * slot] = pane;
      bigger[2 * slot + 1] = ring[i + 1];
    }
    if (fits) return bigger;
  }
}
