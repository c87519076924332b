import { ValueReader } from '../../state/codec/value-reader.js';
import { StreamRecord, type StreamElement } from '../../runtime/stream-element.js';

/**
 * Emits the `count` records of a batch payload in order, whichever encoding
 * wrote it: an ArrayBuffer from {@link BinaryBatchEncoder} or a flat array
 * from {@link CloneBatchEncoder}.
 * @throws CheckpointError CHECKPOINT_CORRUPT naming `what` for malformed binary batches.
 */
export function decodeBatch(records: ArrayBuffer | unknown[], count: number, what: string, emit: (record: StreamElement) => void): void {
  if (Array.isArray(records)) {
    for (let i = 0; i < records.length; i += 2) emit(new StreamRecord(records[i], records[i + 1] as number));
    return;
  }
  const reader = new ValueReader(new Uint8Array(records), what);
  let timestamp = 0;
  for (let i = 0; i < count; i++) {
    const shifted = reader.readVarint();
    if (shifted === 0) timestamp = reader.readFloat64();
    else {
      const zigzag = shifted - 1;
      timestamp += (zigzag >>> 1) ^ -(zigzag & 1);
    }
    emit(new StreamRecord(reader.read(), timestamp));
  }
  if (!reader.done) throw reader.corrupt(`extra bytes follow its ${count} records`);
}
