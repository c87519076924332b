import type { BatchEncoder, EncodedBatch } from './batch-encoder.js';
import { ExchangeValueWriter } from './exchange-value-writer.js';

/**
 * Encodes records with weir's binary value codec into one ArrayBuffer per
 * batch, transferred (not copied) to the consumer. Per record: the
 * timestamp, then the value. A timestamp is written as `zigzag(delta) + 1`
 * (varint) when its difference to the previous one fits an int32 — one
 * byte for steadily rising event times — else as 0 and a float64. Object
 * keys repeat as one-byte references within a batch (the codec's string
 * table restarts with every batch, so each batch decodes alone).
 */
export class BinaryBatchEncoder implements BatchEncoder {
  private readonly writer: ExchangeValueWriter;
  private records = 0;
  private lastTimestamp = 0;

  constructor(channel: string, initialBytes = 16 * 1024) {
    this.writer = new ExchangeValueWriter(channel, initialBytes);
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
      writer.write(value);
    } catch (error) {
      writer.truncate(start);
      throw error;
    }
    this.lastTimestamp = timestamp;
    this.records++;
  }

  take(): EncodedBatch {
    const bytes = this.writer.finish();
    const count = this.records;
    this.records = 0;
    this.lastTimestamp = 0;
    return { count, records: bytes.buffer as ArrayBuffer, transfer: [bytes.buffer as ArrayBuffer] };
  }
}
