import type { BatchEncoder, EncodedBatch } from './batch-encoder.js';
import { BatchFlags } from './exchange-tags.js';
import { ExchangeValueWriter } from './exchange-value-writer.js';

/**
 * Encodes records into one ArrayBuffer per batch, transferred (not copied)
 * to the consumer. A batch starts with a flags byte ({@link BatchFlags});
 * then per record the timestamp and the value. A timestamp is written as
 * `zigzag(delta) + 1` (varint) when its difference to the previous one
 * fits an int32 — one byte for steadily rising event times — else as 0 and
 * a float64. Values use {@link ExchangeValueWriter}: strings that repeat
 * (keys) and object keys are sent once per channel, then by index. Those
 * tables span batches, so the batches of a channel decode in order, by one
 * receiver, from the channel's first batch on.
 */
export class BinaryBatchEncoder implements BatchEncoder {
  private readonly writer: ExchangeValueWriter;
  private records = 0;
  private lastTimestamp = 0;

  constructor(channel: string, initialBytes = 16 * 1024) {
    this.writer = new ExchangeValueWriter(channel, initialBytes);
    this.writer.writeByte(0);
  }

  get count(): number {
    return this.records;
  }

  get byteLength(): number {
    return this.writer.length;
  }

  add(value: unknown, timestamp: number): void {
    const writer = this.writer;
    const start = writer.length;
    const delta = timestamp - this.lastTimestamp;
    if ((delta | 0) === delta) {
      // Zigzag, shifted by one so that 0 can mark an absolute timestamp.
      writer.writeVarint((((delta << 1) ^ (delta >> 31)) >>> 0) + 1);
    } else {
      writer.writeByte(0);
      writer.writeFloat64(timestamp);
    }
    try {
      writer.writeRecord(value);
    } catch (error) {
      writer.truncate(start);
      throw error;
    }
    this.lastTimestamp = timestamp;
    this.records++;
  }

  take(): EncodedBatch {
    const writer = this.writer;
    const bytes = writer.finish();
    const count = this.records;
    this.records = 0;
    this.lastTimestamp = 0;
    // A full table is emptied between batches; the next batch tells the receiver to empty its copy.
    if (writer.tablesFull) {
      writer.resetTables();
      writer.writeByte(BatchFlags.RESET_TABLES);
    } else writer.writeByte(0);
    return { count, records: bytes.buffer as ArrayBuffer, transfer: [bytes.buffer as ArrayBuffer] };
  }
}
