import { CheckpointError } from '../../errors/checkpoint-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { crc32 } from './crc32.js';
import { FRAME_HEADER_BYTES, FRAME_TRAILER_BYTES, requireMagic } from './frame-bytes.js';

/** What {@link unframeBytes} expects. */
export interface UnframeOptions {
  /** The magic the frame must carry. */
  readonly magic: string;
  /** The newest format version this reader understands. */
  readonly maxVersion: number;
  /** Names the bytes in error messages: `'chunk chk-7/op-sum-0-kg0-63'`. */
  readonly what: string;
  /**
   * The caller has already matched a CRC-32 of all of `bytes` against a
   * trusted record (a chunk's checkpoint metadata): the frame's own
   * checksum is then not computed again (a second pass over every byte).
   * Length, magic and version are still checked.
   */
  readonly checksumVerified?: boolean;
}

/** A verified frame: its version and its payload (a view into the input, not a copy). */
export interface Unframed {
  readonly version: number;
  readonly payload: Uint8Array;
}

/**
 * Checks and unwraps a frame written by {@link frameBytes}: the length, the
 * magic and the CRC-32 must match before the version is even looked at.
 *
 * @example
 * ```ts
 * const { version, payload } = unframeBytes(bytes, { magic: 'WKMD', maxVersion: 1, what: 'metadata of chk-7' });
 * ```
 * @throws CheckpointError CHECKPOINT_CORRUPT (truncated, wrong magic, bad
 * checksum, or trailing bytes) or UNSUPPORTED_FORMAT_VERSION (written by a
 * newer weir), naming `what`.
 */
export function unframeBytes(bytes: Uint8Array, options: UnframeOptions): Unframed {
  const { magic, maxVersion, what } = options;
  requireMagic(magic);
  if (bytes.length < FRAME_HEADER_BYTES + FRAME_TRAILER_BYTES) {
    throw corrupt(what, `it is truncated: ${bytes.length} bytes, shorter than a frame header`);
  }
  for (let i = 0; i < 4; i++) {
    if (bytes[i] !== magic.charCodeAt(i)) {
      const found = String.fromCharCode(...bytes.subarray(0, 4)).replace(/[^\x20-\x7e]/g, '?');
      throw corrupt(what, `it starts with ${JSON.stringify(found)}, not the magic ${JSON.stringify(magic)}: it is not that kind of data`);
    }
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(8, true);
  const expected = FRAME_HEADER_BYTES + length + FRAME_TRAILER_BYTES;
  if (bytes.length < expected) throw corrupt(what, `it is truncated: ${bytes.length} of ${expected} bytes`);
  if (bytes.length > expected) throw corrupt(what, `${bytes.length - expected} unexpected bytes follow the frame`);
  const end = FRAME_HEADER_BYTES + length;
  if (options.checksumVerified !== true) {
    const stored = view.getUint32(end, true);
    const actual = crc32(bytes.subarray(0, end));
    if (stored !== actual) {
      throw corrupt(what, `its checksum does not match (stored ${hex(stored)}, computed ${hex(actual)}): the bytes were damaged`);
    }
  }
  const version = view.getUint16(4, true);
  if (version > maxVersion) {
    throw new CheckpointError(
      ErrorCodes.UNSUPPORTED_FORMAT_VERSION,
      `${what} has format version ${version}, but this weir reads versions up to ${maxVersion}. ` +
        'Restore it with the newer weir that wrote it, or from a checkpoint written by this version.',
    );
  }
  return { version, payload: bytes.subarray(FRAME_HEADER_BYTES, end) };
}

function corrupt(what: string, detail: string): CheckpointError {
  return new CheckpointError(
    ErrorCodes.CHECKPOINT_CORRUPT,
    `${what} is corrupt: ${detail}. Nothing of it was restored; restore from another checkpoint or savepoint.`,
  );
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
