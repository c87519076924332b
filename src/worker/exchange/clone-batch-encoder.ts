import type { BatchEncoder, EncodedBatch } from './batch-encoder.js';

/**
 * Collects records as a flat array `[value0, timestamp0, value1, ...]` that
 * `postMessage` copies by structured clone (one array, no per-record pair).
 * Class instances arrive as plain objects (their prototype is lost); a
 * function or symbol makes `postMessage` throw for the whole batch.
 */
export class CloneBatchEncoder implements BatchEncoder {
  private items: unknown[] = [];

  get count(): number {
    return this.items.length >>> 1;
  }

  get byteLength(): number {
    return 0;
  }

  add(value: unknown, timestamp: number): void {
    this.items.push(value, timestamp);
  }

  take(): EncodedBatch {
    const items = this.items;
    this.items = [];
    return { count: items.length >>> 1, records: items, transfer: undefined };
  }
}
