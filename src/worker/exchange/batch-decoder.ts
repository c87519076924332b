import { StreamRecord, type StreamElement } from '../../runtime/stream-element.js';
import { BatchFlags } from './exchange-tags.js';
import { ExchangeReadTables, ExchangeValueReader } from './exchange-value-reader.js';

/**
 * Decodes the batches of one channel, in the order they were sent, whichever
 * encoding wrote them: an ArrayBuffer from {@link BinaryBatchEncoder} (its
 * dictionary and shapes are kept here from batch to batch, so one decoder
 * serves one channel incarnation and starts empty with it) or a flat array
 * from {@link CloneBatchEncoder}.
 */
export class BatchDecoder {
  private readonly tables = new ExchangeReadTables();

  /** @param what names a batch of the channel in errors (`"a batch on channel '3.0:0>1'"`). */
  constructor(private readonly what: string) {}

  /**
   * Emits the `count` records of a batch payload in order.
   * @throws CheckpointError CHECKPOINT_CORRUPT naming the channel for malformed binary batches.
   */
  decode(records: ArrayBuffer | unknown[], count: number, emit: (record: StreamElement) => void): void {
    if (Array.isArray(records)) {
      for (let i = 0; i < records.length; i += 2) emit(new StreamRecord(records[i], records[i + 1] as number));
      return;
    }
    const reader = new ExchangeValueReader(new Uint8Array(records), this.what, this.tables);
    const flags = reader.readVarint();
    if ((flags & ~BatchFlags.RESET_TABLES) !== 0) throw reader.corrupt(`unknown batch flags ${flags}`);
    if ((flags & BatchFlags.RESET_TABLES) !== 0) this.tables.reset();
    let timestamp = 0;
    for (let i = 0; i < count; i++) {
      const shifted = reader.readVarint();
      if (shifted === 0) timestamp = reader.readFloat64();
      else {
        const zigzag = shifted - 1;
        timestamp += (zigzag >>> 1) ^ -(zigzag & 1);
      }
      emit(new StreamRecord(reader.readRecord(), timestamp));
    }
    if (!reader.done) throw reader.corrupt(`extra bytes follow its ${count} records`);
  }
}
