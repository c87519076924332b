/**
 * The key maps of one namespace (or of plain state), by group offset. Starts
 * with room for one group and grows into an array indexed by group offset at
 * the second: window namespaces hold keys of every group, but session windows
 * and other small namespaces usually hold one key, and a full array per
 * namespace would be allocated and collected for each of them.
 */
export class GroupSlots<M> {
  private singleGroup = -1;
  private single: M | undefined;
  private many: (M | undefined)[] | undefined;
  private used = 0;

  constructor(private readonly groupCount: number) {}

  /** A slots object that is an array from the start (plain state: every group is used). */
  static dense<M>(groupCount: number): GroupSlots<M> {
    const slots = new GroupSlots<M>(groupCount);
    slots.many = new Array<M | undefined>(groupCount).fill(undefined);
    return slots;
  }

  at(g: number): M | undefined {
    if (this.many !== undefined) return this.many[g];
    return g === this.singleGroup ? this.single : undefined;
  }

  /** Stores `value` at `g` (an empty slot). */
  put(g: number, value: M): void {
    if (this.many === undefined) {
      if (this.singleGroup < 0) {
        this.singleGroup = g;
        this.single = value;
        this.used = 1;
        return;
      }
      this.many = new Array<M | undefined>(this.groupCount).fill(undefined);
      this.many[this.singleGroup] = this.single;
      this.singleGroup = -1;
      this.single = undefined;
    }
    if (this.many[g] === undefined) this.used++;
    this.many[g] = value;
  }

  /** Empties slot `g`; returns true when no slot is used any more. */
  delete(g: number): boolean {
    if (this.many !== undefined) {
      if (this.many[g] !== undefined) {
        this.many[g] = undefined;
        this.used--;
      }
    } else if (g === this.singleGroup) {
      this.singleGroup = -1;
      this.single = undefined;
      this.used = 0;
    }
    return this.used === 0;
  }

  /** Calls `fn` for every used slot, in group order. */
  forEach(fn: (value: M, g: number) => void): void {
    if (this.many !== undefined) {
      for (let g = 0; g < this.many.length; g++) {
        const value = this.many[g];
        if (value !== undefined) fn(value, g);
      }
    } else if (this.singleGroup >= 0) {
      fn(this.single!, this.singleGroup);
    }
  }

  clear(): void {
    this.singleGroup = -1;
    this.single = undefined;
    if (this.many !== undefined) this.many.fill(undefined);
    this.used = 0;
  }
}
