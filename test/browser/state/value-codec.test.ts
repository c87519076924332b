import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../../src/errors/checkpoint-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { StateError } from '../../../src/errors/state-error.js';
import { crc32 } from '../../../src/checkpoint/format/crc32.js';
import { frameBytes } from '../../../src/checkpoint/format/frame-bytes.js';
import { unframeBytes } from '../../../src/checkpoint/format/unframe-bytes.js';
import { decodeValue } from '../../../src/state/codec/decode-value.js';
import { encodeValue } from '../../../src/state/codec/encode-value.js';
import { GOLDEN_HEX, goldenValue } from '../../support/codec-golden.js';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

// The codec in real Chromium: same bytes as in Node, so checkpoints move between them.
describe('the state value codec in the browser', () => {
  it('writes the same bytes as Node for every supported type, and reads them back', () => {
    const bytes = encodeValue(goldenValue());
    expect(hex(bytes)).toBe(GOLDEN_HEX);
    const back = decodeValue(bytes) as Record<string, unknown>;
    expect(back).toStrictEqual(goldenValue());
    expect(Object.is((back.n as number[])[1], -0)).toBe(true);
  });

  it('keeps a crafted __proto__ key as own data', () => {
    const back = decodeValue(encodeValue(JSON.parse('{"__proto__": {"polluted": true}}'))) as Record<string, unknown>;
    expect(Object.hasOwn(back, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a DOM object and a function with UNSUPPORTED_STATE_VALUE naming the state and key', () => {
    for (const bad of [document.createElement('div'), () => 1]) {
      let error: unknown;
      try {
        encodeValue({ el: bad }, () => `State 'ui' of key "u1"`);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StateError);
      expect((error as StateError).code).toBe(ErrorCodes.UNSUPPORTED_STATE_VALUE);
      expect((error as StateError).message).toContain(`State 'ui' of key "u1" holds`);
    }
  });

  it('frames with the same CRC-32 and detects damage', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const framed = frameBytes({ magic: 'WKCH', version: 1, payload: encodeValue(goldenValue()) });
    expect(decodeValue(unframeBytes(framed, { magic: 'WKCH', maxVersion: 1, what: 'chunk' }).payload)).toStrictEqual(goldenValue());
    framed[20]! ^= 4;
    expect(() => unframeBytes(framed, { magic: 'WKCH', maxVersion: 1, what: 'chunk' })).toThrow(CheckpointError);
  });
});
