import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../../src/errors/checkpoint-error.js';
import { ConfigError } from '../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { crc32 } from '../../../src/checkpoint/format/crc32.js';
import { frameBytes } from '../../../src/checkpoint/format/frame-bytes.js';
import { unframeBytes } from '../../../src/checkpoint/format/unframe-bytes.js';

const options = { magic: 'WKCH', maxVersion: 2, what: 'chunk kg0-7 of chk-3' };

function failure(bytes: Uint8Array, opts = options): CheckpointError {
  try {
    unframeBytes(bytes, opts);
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    return error as CheckpointError;
  }
  throw new Error('expected unframeBytes to throw');
}

describe('crc32', () => {
  it('computes the standard CRC-32 check values', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(new TextEncoder().encode('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  it('gives the same result in one pass and continued over pieces, at every length', () => {
    const bytes = Uint8Array.from({ length: 100 }, (_, i) => (i * 37 + 11) & 0xff);
    for (let n = 0; n <= bytes.length; n++) {
      const whole = crc32(bytes.subarray(0, n));
      const cut = n >> 1;
      expect(crc32(bytes.subarray(cut, n), crc32(bytes.subarray(0, cut)))).toBe(whole);
    }
  });
});

describe('frameBytes / unframeBytes', () => {
  const payload = Uint8Array.from({ length: 40 }, (_, i) => i);

  it('returns the payload and version it framed', () => {
    const framed = frameBytes({ magic: 'WKCH', version: 2, payload });
    const { version, payload: back } = unframeBytes(framed, options);
    expect(version).toBe(2);
    expect(back).toStrictEqual(payload);
    expect(unframeBytes(frameBytes({ magic: 'WKCH', version: 1, payload: new Uint8Array(0) }), options).payload.length).toBe(0);
  });

  it('detects every single flipped bit as CHECKPOINT_CORRUPT naming the chunk', () => {
    const framed = frameBytes({ magic: 'WKCH', version: 1, payload });
    for (let i = 0; i < framed.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const damaged = framed.slice();
        damaged[i]! ^= 1 << bit;
        const error = failure(damaged);
        expect(error.code).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
        expect(error.message).toContain('chunk kg0-7 of chk-3 is corrupt');
      }
    }
  });

  it('rejects truncated frames and trailing bytes as CHECKPOINT_CORRUPT', () => {
    const framed = frameBytes({ magic: 'WKCH', version: 1, payload });
    for (const length of [0, 5, 15, framed.length - 1]) {
      const error = failure(framed.subarray(0, length));
      expect(error.code).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
      expect(error.message).toContain('truncated');
    }
    const longer = new Uint8Array(framed.length + 1);
    longer.set(framed);
    expect(failure(longer).code).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
  });

  it('rejects another magic as CHECKPOINT_CORRUPT', () => {
    const error = failure(frameBytes({ magic: 'WKMD', version: 1, payload }));
    expect(error.code).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
    expect(error.message).toContain('"WKMD", not the magic "WKCH"');
  });

  it('rejects a newer format version as UNSUPPORTED_FORMAT_VERSION', () => {
    const error = failure(frameBytes({ magic: 'WKCH', version: 3, payload }));
    expect(error.code).toBe(ErrorCodes.UNSUPPORTED_FORMAT_VERSION);
    expect(error.message).toContain('chunk kg0-7 of chk-3 has format version 3');
  });

  it('refuses a bad magic or version when framing', () => {
    expect(() => frameBytes({ magic: 'TOOLONG', version: 1, payload })).toThrow(ConfigError);
    expect(() => frameBytes({ magic: 'WKCH', version: 70_000, payload })).toThrow(ConfigError);
  });
});
