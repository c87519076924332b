/** Above this many code units a string goes through `TextEncoder.encodeInto` (cheaper per byte, dearer per call). */
const SHORT_STRING = 48;

const encoder = new TextEncoder();

/** `String.prototype.isWellFormed` (ES2024): false for strings with lone surrogates, which UTF-8 cannot hold. */
const isWellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (s) => (s as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (s) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/**
 * A growable byte buffer with the primitive writes of the state codec:
 * varints, float64 (little-endian) and strings. {@link ValueWriter} builds
 * values on it; chunk encoders use it for their own framing fields.
 */
export class ByteSink {
  protected buf: Uint8Array;
  protected view: DataView;
  protected pos = 0;

  constructor(initialBytes = 4096) {
    this.buf = new Uint8Array(Math.max(16, initialBytes));
    this.view = new DataView(this.buf.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** A copy of the bytes written so far; the sink is emptied for reuse. */
  finish(): Uint8Array {
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    return out;
  }

  /** Forgets everything written (keeps the buffer). */
  reset(): void {
    this.pos = 0;
  }

  writeByte(byte: number): void {
    if (this.pos >= this.buf.length) this.grow(1);
    this.buf[this.pos++] = byte;
  }

  /** An unsigned integer up to 2^53 - 1, 7 bits per byte, low bits first (LEB128). */
  writeVarint(n: number): void {
    if (this.pos + 8 > this.buf.length) this.grow(8);
    const buf = this.buf;
    let pos = this.pos;
    while (n >= 0x80) {
      buf[pos++] = (n & 0x7f) | 0x80;
      n = n > 0xffffffff ? Math.floor(n / 128) : n >>> 7;
    }
    buf[pos++] = n;
    this.pos = pos;
  }

  writeFloat64(n: number): void {
    if (this.pos + 8 > this.buf.length) this.grow(8);
    this.view.setFloat64(this.pos, n, true);
    this.pos += 8;
  }

  writeBytes(bytes: Uint8Array): void {
    if (this.pos + bytes.length > this.buf.length) this.grow(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /**
   * A string as a varint UTF-8 byte length and the bytes. Returns false
   * (writing nothing) for a string with lone surrogates, which the caller
   * writes as UTF-16 instead so it round-trips exactly.
   */
  writeUtf8(s: string): boolean {
    const n = s.length;
    if (n < SHORT_STRING) {
      // ASCII by hand, the common case: one byte per unit, so the length (< 128) fits one varint byte.
      if (this.pos + 1 + n > this.buf.length) this.grow(1 + n);
      const buf = this.buf;
      const start = this.pos + 1;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + i] = c;
      }
      if (i === n) {
        buf[this.pos] = n;
        this.pos = start + n;
        return true;
      }
    }
    if (!isWellFormed(s)) return false;
    // Reserve the varint of the worst case (3 bytes per unit), pad the real length to that width.
    const max = n * 3;
    const width = max < 0x80 ? 1 : max < 0x4000 ? 2 : max < 0x200000 ? 3 : max < 0x10000000 ? 4 : 5;
    if (this.pos + width + max > this.buf.length) this.grow(width + max);
    const { written } = encoder.encodeInto(s, this.buf.subarray(this.pos + width));
    let length = written;
    for (let k = 0; k < width - 1; k++) {
      this.buf[this.pos++] = (length & 0x7f) | 0x80;
      length >>>= 7;
    }
    this.buf[this.pos++] = length;
    this.pos += written;
    return true;
  }

  /** A string as a varint count of UTF-16 code units and the units, little-endian (any string). */
  writeUtf16(s: string): void {
    this.writeVarint(s.length);
    if (this.pos + 2 * s.length > this.buf.length) this.grow(2 * s.length);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      buf[pos++] = c & 0xff;
      buf[pos++] = c >>> 8;
    }
    this.pos = pos;
  }

  /** Writes a placeholder u32 (little-endian) to fill in later with {@link patchUint32}; returns its offset. */
  reserveUint32(): number {
    if (this.pos + 4 > this.buf.length) this.grow(4);
    const at = this.pos;
    this.pos += 4;
    return at;
  }

  /** Fills in a u32 placeholder written by {@link reserveUint32}. */
  patchUint32(at: number, value: number): void {
    this.view.setUint32(at, value, true);
  }

  /**
   * Drops everything written after the first `length` bytes. Only for
   * cutting back over framing fields and primitives: a {@link ValueWriter}
   * may have remembered object keys written in the dropped bytes.
   */
  truncate(length: number): void {
    if (length < this.pos) this.pos = length;
  }

  /** Makes room for `extra` more bytes. */
  protected grow(extra: number): void {
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + extra + 16));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
}
