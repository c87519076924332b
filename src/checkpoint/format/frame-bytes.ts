import { ConfigError } from '../../errors/config-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { crc32 } from './crc32.js';

/**
 * Bytes of the frame around a payload: magic (4), version (u16 LE),
 * reserved (u16, zero), payload length (u32 LE) before it, and the CRC-32
 * of everything before the checksum (u32 LE) after it.
 */
export const FRAME_HEADER_BYTES = 12;
/** The trailing checksum. */
export const FRAME_TRAILER_BYTES = 4;

/** What {@link frameBytes} wraps. */
export interface FrameInput {
  /** Four ASCII characters saying what the payload is (`'WKCH'`: a keyed chunk). */
  readonly magic: string;
  /** Format version of the payload, 0..65535. */
  readonly version: number;
  readonly payload: Uint8Array;
}

/**
 * Wraps a payload in a self-checking frame: magic, format version, length
 * and a CRC-32 over all of it, so {@link unframeBytes} can refuse truncated,
 * corrupt or foreign bytes before anything decodes them. Every stored chunk
 * and every checkpoint metadata record is framed.
 *
 * @example
 * ```ts
 * const framed = frameBytes({ magic: 'WKCH', version: 1, payload });
 * const { payload: back } = unframeBytes(framed, { magic: 'WKCH', maxVersion: 1, what: 'chunk kg0-63 of checkpoint 7' });
 * ```
 * @throws ConfigError INVALID_ARGUMENT for a magic that is not 4 ASCII characters, a version outside 0..65535, or a payload of 4 GiB or more.
 */
export function frameBytes(input: FrameInput): Uint8Array {
  const { magic, version, payload } = input;
  requireMagic(magic);
  if (!Number.isInteger(version) || version < 0 || version > 0xffff) {
    throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `A frame version must be an integer from 0 to 65535, got ${String(version)}.`);
  }
  if (payload.length > 0xffffffff - FRAME_HEADER_BYTES - FRAME_TRAILER_BYTES) {
    throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `A framed payload must be under 4 GiB, got ${payload.length} bytes; write smaller chunks.`);
  }
  const out = new Uint8Array(FRAME_HEADER_BYTES + payload.length + FRAME_TRAILER_BYTES);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = magic.charCodeAt(i);
  view.setUint16(4, version, true);
  view.setUint32(8, payload.length, true);
  out.set(payload, FRAME_HEADER_BYTES);
  const end = FRAME_HEADER_BYTES + payload.length;
  view.setUint32(end, crc32(out.subarray(0, end)), true);
  return out;
}

/** Throws unless `magic` is four ASCII characters. */
export function requireMagic(magic: string): void {
  if (!/^[\x20-\x7e]{4}$/.test(magic)) {
    throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `A frame magic must be 4 printable ASCII characters, got ${JSON.stringify(magic)}.`);
  }
}
