import { frameBytes } from '../../src/checkpoint/format/frame-bytes.js';
import { unframeBytes } from '../../src/checkpoint/format/unframe-bytes.js';

/** The frame header of a savepoint file: its magic and format version. */
export function savepointHeader(bytes: Uint8Array): { magic: string; version: number } {
  return {
    magic: String.fromCharCode(...bytes.subarray(0, 4)),
    version: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(4, true),
  };
}

/** A copy of `bytes` with every bit of byte `index` flipped (a negative index counts from the end). */
export function flipByte(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  const at = index < 0 ? copy.length + index : index;
  copy[at] = copy[at]! ^ 0xff;
  return copy;
}

/** The same savepoint re-framed (with a valid checksum) as format `version`: what a newer weir might write. */
export function withFormatVersion(bytes: Uint8Array, version: number): Uint8Array {
  const { magic } = savepointHeader(bytes);
  const { payload } = unframeBytes(bytes, { magic, maxVersion: 0xffff, what: 'a savepoint to re-frame' });
  return frameBytes({ magic, version, payload });
}
