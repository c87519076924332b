import { CheckpointError } from '../../errors/checkpoint-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { asciiString } from './ascii-string.js';
import { MAX_VALUE_DEPTH, STRING_TABLE_LIMIT } from './value-writer.js';
import { BinaryKind, ValueTag } from './value-tags.js';

/** Above this many bytes a string is decoded by `TextDecoder` (cheaper per byte, dearer per call). */
const SHORT_STRING = 32;

const decoder = new TextDecoder();

/**
 * Reads back what a {@link ValueWriter} wrote, value by value. Safe on
 * hostile bytes: every length is checked against what is left, nesting is
 * bounded, and objects are built so that no key (`__proto__`,
 * `constructor`) can reach a prototype.
 *
 * @example
 * ```ts
 * const reader = new ValueReader(bytes, 'chunk 3 of operator "sum"');
 * while (!reader.done) rows.push(reader.read());
 * ```
 * @throws CheckpointError CHECKPOINT_CORRUPT naming `what` when the bytes
 * are truncated or malformed.
 */
export class ValueReader {
  protected pos: number;
  protected readonly end: number;
  private readonly view: DataView;
  private readonly strings: string[] = [];

  /**
   * @param bytes the encoded stream (a view into a larger buffer is fine).
   * @param what names the data in error messages (`'checkpoint 7 metadata'`).
   */
  constructor(
    protected readonly bytes: Uint8Array,
    private readonly what = 'encoded state',
  ) {
    this.pos = 0;
    this.end = bytes.length;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Whether every byte was read. */
  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Bytes not read yet. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** Bytes read so far. */
  get offset(): number {
    return this.pos;
  }

  /** The next value. */
  read(): unknown {
    const tag = this.byte();
    // Keys and values are mostly strings and numbers: kept out of the big switch, so this stays small enough to inline.
    if (tag === ValueTag.STRING) return this.readUtf8();
    if (tag === ValueTag.INT) return this.readZigzag();
    if (tag === ValueTag.FLOAT64) return this.readFloat64();
    return this.value(tag, 0);
  }

  /** An unsigned varint (see {@link ByteSink.writeVarint}). */
  readVarint(): number {
    const bytes = this.bytes;
    if (this.pos >= this.end) throw this.corrupt('the data ends inside a number');
    let b = bytes[this.pos++]!;
    if (b < 0x80) return b;
    let result = b & 0x7f;
    let scale = 128;
    for (;;) {
      if (this.pos >= this.end) throw this.corrupt('a number runs past the end');
      b = bytes[this.pos++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
      if (scale > 2 ** 56) throw this.corrupt('a number is longer than 8 bytes');
    }
  }

  readFloat64(): number {
    if (this.pos + 8 > this.end) throw this.corrupt('a number runs past the end');
    const n = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return n;
  }

  /** A string without its tag, as {@link ByteSink.writeUtf8} wrote it. */
  readUtf8(): string {
    const length = this.readVarint();
    const start = this.pos;
    const stop = start + length;
    if (stop > this.end) throw this.corrupt('a string runs past the end');
    this.pos = stop;
    const bytes = this.bytes;
    if (length <= SHORT_STRING) {
      let high = 0;
      for (let i = start; i < stop; i++) high |= bytes[i]!;
      if (high < 0x80) return asciiString(bytes, start, length);
    }
    return decoder.decode(bytes.subarray(start, stop));
  }

  /** Starts a new object-key table, where the writer called {@link ValueWriter.forgetStrings}. */
  forgetStrings(): void {
    this.strings.length = 0;
  }

  /** A u32 (little-endian), as {@link ByteSink.patchUint32} wrote it. */
  readUint32(): number {
    if (this.pos + 4 > this.end) throw this.corrupt('a length runs past the end');
    const n = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return n;
  }

  /** Moves the read position forward by `length` bytes. */
  skip(length: number): void {
    if (this.pos + length > this.end) throw this.corrupt('a section runs past the end');
    this.pos += length;
  }

  /** Raw bytes (a view, not a copy). */
  readBytes(length: number): Uint8Array {
    if (this.pos + length > this.end) throw this.corrupt('binary data runs past the end');
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** The CHECKPOINT_CORRUPT error for this stream, at the current offset. */
  corrupt(detail: string): CheckpointError {
    return new CheckpointError(
      ErrorCodes.CHECKPOINT_CORRUPT,
      `${this.what} is corrupt: ${detail} (byte ${this.pos} of ${this.end}). ` +
        'Restore from another checkpoint; if this one was written by a newer weir, restore with that version.',
    );
  }

  /** A zigzag-encoded varint int32 (how the codec writes small integers). */
  protected readZigzag(): number {
    const z = this.readVarint();
    return (z >>> 1) ^ -(z & 1);
  }

  protected byte(): number {
    if (this.pos >= this.end) throw this.corrupt('the data ends inside a value');
    return this.bytes[this.pos++]!;
  }

  /** The value whose tag was just read, `depth` levels down (subclasses reading their own outer levels pass theirs). */
  protected value(tag: number, depth: number): unknown {
    switch (tag) {
      case ValueTag.INT:
        return this.readZigzag();
      case ValueTag.STRING:
        return this.readUtf8();
      case ValueTag.FLOAT64:
        return this.readFloat64();
      case ValueTag.UNDEFINED:
        return undefined;
      case ValueTag.NULL:
        return null;
      case ValueTag.FALSE:
        return false;
      case ValueTag.TRUE:
        return true;
      case ValueTag.STRING_UTF16:
        return this.utf16();
      case ValueTag.BIGINT: {
        const negative = this.byte() === 1;
        const hex = this.readUtf8();
        if (!/^[0-9a-f]+$/.test(hex)) throw this.corrupt('a bigint is malformed');
        const magnitude = BigInt(`0x${hex}`);
        return negative ? -magnitude : magnitude;
      }
      case ValueTag.ARRAY: {
        const length = this.count(1, depth);
        const out = new Array<unknown>(length);
        for (let i = 0; i < length; i++) out[i] = this.value(this.byte(), depth + 1);
        return out;
      }
      case ValueTag.OBJECT:
      case ValueTag.OBJECT_NULL_PROTO:
        return this.object(tag === ValueTag.OBJECT_NULL_PROTO, depth);
      case ValueTag.MAP: {
        const size = this.count(2, depth);
        const out = new Map<unknown, unknown>();
        for (let i = 0; i < size; i++) {
          const k = this.value(this.byte(), depth + 1);
          out.set(k, this.value(this.byte(), depth + 1));
        }
        return out;
      }
      case ValueTag.SET: {
        const size = this.count(1, depth);
        const out = new Set<unknown>();
        for (let i = 0; i < size; i++) out.add(this.value(this.byte(), depth + 1));
        return out;
      }
      case ValueTag.DATE:
        return new Date(this.readFloat64());
      case ValueTag.BINARY:
        return this.binary();
      default:
        this.pos--;
        throw this.corrupt(`unknown type tag ${tag}`);
    }
  }

  /** A container's element count: each element takes at least `minBytes`, so a count beyond what is left is corrupt. */
  protected count(minBytes: number, depth: number): number {
    if (depth >= MAX_VALUE_DEPTH) throw this.corrupt(`values nest deeper than ${MAX_VALUE_DEPTH} levels`);
    const n = this.readVarint();
    if (n * minBytes > this.end - this.pos) throw this.corrupt(`a container claims ${n} elements but too few bytes are left`);
    return n;
  }

  private object(nullPrototype: boolean, depth: number): Record<string, unknown> {
    const size = this.count(2, depth);
    const out: Record<string, unknown> = nullPrototype ? (Object.create(null) as Record<string, unknown>) : {};
    for (let i = 0; i < size; i++) {
      const key = this.key();
      const item = this.value(this.byte(), depth + 1);
      // Assigning '__proto__' would set the prototype; define it as an own data property instead.
      if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
      else out[key] = item;
    }
    return out;
  }

  private key(): string {
    const tag = this.byte();
    if (tag === ValueTag.STRING_REF) {
      const index = this.readVarint();
      const key = this.strings[index];
      if (key === undefined) throw this.corrupt(`an object key refers to unknown string ${index}`);
      return key;
    }
    let key: string;
    if (tag === ValueTag.STRING) key = this.readUtf8();
    else if (tag === ValueTag.STRING_UTF16) key = this.utf16();
    else throw this.corrupt(`an object key has type tag ${tag}, not a string`);
    if (this.strings.length < STRING_TABLE_LIMIT) this.strings.push(key);
    return key;
  }

  private utf16(): string {
    const units = this.readVarint();
    const bytes = this.readBytes(units * 2);
    let out = '';
    for (let i = 0; i < bytes.length; i += 2) out += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
    return out;
  }

  private binary(): unknown {
    const kind = this.byte();
    const length = this.readVarint();
    // A copy: aligned, and not sharing memory with the chunk (not `.slice()`: on a Node Buffer it is a view).
    const source = this.readBytes(length);
    const copy = new Uint8Array(length);
    copy.set(source);
    const buffer = copy.buffer;
    switch (kind) {
      case BinaryKind.ARRAY_BUFFER:
        return buffer;
      case BinaryKind.DATA_VIEW:
        return new DataView(buffer);
      case BinaryKind.INT8:
        return new Int8Array(buffer);
      case BinaryKind.UINT8:
        return new Uint8Array(buffer);
      case BinaryKind.UINT8_CLAMPED:
        return new Uint8ClampedArray(buffer);
    }
    const size = kind === BinaryKind.INT16 || kind === BinaryKind.UINT16 ? 2 : kind <= BinaryKind.FLOAT32 ? 4 : 8;
    if (length % size !== 0) throw this.corrupt(`a typed array of ${length} bytes is not a whole number of ${size}-byte elements`);
    switch (kind) {
      case BinaryKind.INT16:
        return new Int16Array(buffer);
      case BinaryKind.UINT16:
        return new Uint16Array(buffer);
      case BinaryKind.INT32:
        return new Int32Array(buffer);
      case BinaryKind.UINT32:
        return new Uint32Array(buffer);
      case BinaryKind.FLOAT32:
        return new Float32Array(buffer);
      case BinaryKind.FLOAT64:
        return new Float64Array(buffer);
      case BinaryKind.BIGINT64:
        return new BigInt64Array(buffer);
      case BinaryKind.BIGUINT64:
        return new BigUint64Array(buffer);
      default:
        throw this.corrupt(`unknown binary kind ${kind}`);
    }
  }
}
