import { ValueReader } from './value-reader.js';

/**
 * Decodes what {@link encodeValue} wrote: exactly one value, all bytes used.
 *
 * @example
 * ```ts
 * const position = decodeValue(bytes, 'the position of source "files"') as { offset: bigint; file: string };
 * ```
 * @throws CheckpointError CHECKPOINT_CORRUPT naming `what` when the bytes are
 * truncated, malformed or followed by extra bytes.
 */
export function decodeValue(bytes: Uint8Array, what = 'an encoded value'): unknown {
  const reader = new ValueReader(bytes, what);
  const value = reader.read();
  if (!reader.done) throw reader.corrupt('extra bytes follow the value');
  return value;
}
