import { ErrorCodes } from '../errors/error-codes.js';
import { WeirError } from '../errors/weir-error.js';
import { describeValue } from '../errors/argument-checks.js';

/**
 * A key weir can partition and store state by: a string, a finite or infinite
 * number (not NaN), a bigint, a boolean, or an array of these (nested arrays
 * allowed). `-0` is the same key as `0`.
 */
export type Key = string | number | bigint | boolean | readonly Key[];

/** Thrown when a key selector returns something that is not a {@link Key}. */
export class InvalidKeyError extends WeirError {
  constructor(value: unknown, where: string) {
    super(
      ErrorCodes.INVALID_KEY,
      `${where} returned ${describeValue(value)}, which cannot be a key. ` +
        'Keys must be a string, a number (not NaN), a bigint, a boolean, or an array of these; ' +
        'for an object, key by one of its fields or build a tuple array.',
    );
  }
}

const TAG_STRING = 1;
const TAG_NUMBER = 2;
const TAG_BIGINT = 3;
const TAG_FALSE = 4;
const TAG_TRUE = 5;
const TAG_ARRAY = 6;

/**
 * Writes keys into a reusable byte buffer in a canonical form: a type tag,
 * then the content (UTF-8 for strings, IEEE-754 big-endian for numbers,
 * decimal digits for bigints, a length-prefixed list for arrays). Equal keys
 * give equal bytes in every runtime.
 */
export class KeyEncoder {
  private buffer = new Uint8Array(256);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  /** Encodes `key`; returns the byte count, bytes in {@link bytes}. Throws {@link InvalidKeyError}. */
  encode(key: unknown, where: string): number {
    this.length = 0;
    this.write(key, where, 0);
    return this.length;
  }

  /** The buffer the last {@link encode} wrote into (valid up to its returned length). */
  get bytes(): Uint8Array {
    return this.buffer;
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const next = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }

  private write(key: unknown, where: string, depth: number): void {
    switch (typeof key) {
      case 'string':
        this.writeString(key);
        return;
      case 'number':
        if (Number.isNaN(key)) throw new InvalidKeyError(key, where);
        this.ensure(9);
        this.buffer[this.length++] = TAG_NUMBER;
        this.view.setFloat64(this.length, key === 0 ? 0 : key);
        this.length += 8;
        return;
      case 'bigint': {
        const digits = key.toString();
        this.ensure(1 + digits.length);
        this.buffer[this.length++] = TAG_BIGINT;
        for (let i = 0; i < digits.length; i++) this.buffer[this.length++] = digits.charCodeAt(i);
        return;
      }
      case 'boolean':
        this.ensure(1);
        this.buffer[this.length++] = key ? TAG_TRUE : TAG_FALSE;
        return;
      default:
        if (Array.isArray(key) && depth < 32) {
          this.ensure(5);
          this.buffer[this.length++] = TAG_ARRAY;
          this.view.setUint32(this.length, key.length);
          this.length += 4;
          for (const item of key) this.write(item, where, depth + 1);
          return;
        }
        throw new InvalidKeyError(key, where);
    }
  }

  private writeString(s: string): void {
    // Worst case 3 UTF-8 bytes per UTF-16 unit, plus tag and terminator.
    this.ensure(2 + s.length * 3);
    const buf = this.buffer;
    let n = this.length;
    buf[n++] = TAG_STRING;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        buf[n++] = c;
      } else if (c < 0x800) {
        buf[n++] = 0xc0 | (c >> 6);
        buf[n++] = 0x80 | (c & 63);
      } else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
        buf[n++] = 0xf0 | (c >> 18);
        buf[n++] = 0x80 | ((c >> 12) & 63);
        buf[n++] = 0x80 | ((c >> 6) & 63);
        buf[n++] = 0x80 | (c & 63);
      } else {
        buf[n++] = 0xe0 | (c >> 12);
        buf[n++] = 0x80 | ((c >> 6) & 63);
        buf[n++] = 0x80 | (c & 63);
      }
    }
    // A terminator keeps ["ab","c"] and ["a","bc"] apart.
    buf[n++] = 0;
    this.length = n;
  }
}
