import { ByteSink } from './byte-sink.js';
import { unsupportedValueError, type ValueLocation } from './unsupported-value-error.js';
import { BinaryKind, ValueTag } from './value-tags.js';

/** Deeper nesting is rejected: it is almost always a cycle, which the codec cannot express. */
export const MAX_VALUE_DEPTH = 512;

/** How many distinct object keys a stream remembers for {@link ValueTag.STRING_REF}; {@link ValueReader} uses the same limit. */
export const STRING_TABLE_LIMIT = 4096;

/** Thrown inside the writer and turned into a StateError at the top, with the path collected on the way out. */
class Unsupported {
  readonly path: string[] = [];
  constructor(
    readonly value: unknown,
    readonly reason?: string,
  ) {}
}

/**
 * Encodes state values (and keys, namespaces, rows, metadata) into bytes
 * that {@link ValueReader} turns back into equal values, in any runtime.
 * A stream of values: call {@link write} for each, then {@link finish}.
 *
 * Round-trips exactly: strings (lone surrogates included), numbers (NaN,
 * -0, ±Infinity), bigints, booleans, null, undefined, arrays, plain objects
 * (an own `__proto__` key stays an own property; null-prototype objects stay
 * null-prototype), Maps, Sets, Dates, every typed array, ArrayBuffer and
 * DataView. Array holes come back as `undefined`; extra (non-index)
 * properties of arrays, symbol keys and non-enumerable properties are
 * dropped, as with `structuredClone`. An object reached twice is written
 * twice (no shared references), so a cycle fails as too deep.
 *
 * Typed arrays are written little-endian (every platform weir runs on); a
 * Node `Buffer` comes back as a plain Uint8Array. Subclasses of Map, Set and
 * Date are class instances, so they are rejected like any other.
 *
 * @example
 * ```ts
 * const writer = new ValueWriter();
 * writer.write({ count: 3, seen: new Set(['a']) }, () => "State 'stats' of key \"u1\"");
 * const bytes = writer.finish();
 * new ValueReader(bytes).read(); // { count: 3, seen: Set { 'a' } }
 * ```
 * @throws StateError UNSUPPORTED_STATE_VALUE for functions, symbols, class
 * instances, WeakMaps, promises, errors and values nested deeper than
 * {@link MAX_VALUE_DEPTH}, naming `where` and the path inside the value.
 */
export class ValueWriter extends ByteSink {
  private strings = new Map<string, number>();

  /** Appends `value`; on failure nothing of it stays written. */
  write(value: unknown, where?: ValueLocation): void {
    const start = this.pos;
    const knownKeys = this.strings.size;
    try {
      this.value(value, 0);
    } catch (error) {
      this.pos = start;
      this.forgetKeysFrom(knownKeys);
      if (error instanceof Unsupported) throw this.unsupported(where, error.path.reverse(), error.value, error.reason);
      throw error;
    }
  }

  /**
   * Appends `value` as the part of a larger value found `depth` levels
   * down, for subclasses that encode the outer levels themselves. On
   * failure it throws {@link unsupported} (path relative to `value`) and
   * leaves the bytes and remembered keys for the caller to drop
   * ({@link truncate}, {@link forgetKeysFrom}).
   */
  protected writeNested(value: unknown, depth: number): void {
    try {
      this.value(value, depth);
    } catch (error) {
      if (error instanceof Unsupported) throw this.unsupported(undefined, error.path.reverse(), error.value, error.reason);
      throw error;
    }
  }

  /** How many object keys the stream remembers: a mark for {@link forgetKeysFrom}. */
  protected get rememberedKeys(): number {
    return this.strings.size;
  }

  /** Forgets the object keys remembered after `mark`: their bytes were dropped, so later values must not refer to them. */
  protected forgetKeysFrom(mark: number): void {
    if (this.strings.size > mark) for (const [key, index] of this.strings) if (index >= mark) this.strings.delete(key);
  }

  /**
   * The error {@link write} throws for a value it cannot encode, found at
   * `path` inside the value written for `where`. Subclasses that encode for
   * something other than state (the worker exchange) override it to say so.
   */
  protected unsupported(where: ValueLocation | undefined, path: readonly string[], value: unknown, reason: string | undefined): Error {
    return unsupportedValueError(where, path, value, reason);
  }

  /** Empties the writer for a new, independent stream (forgets remembered object keys too). */
  override reset(): void {
    super.reset();
    this.strings = new Map();
  }

  /**
   * Starts a new object-key table within the stream, so what follows decodes
   * without what came before (a reader that skips a section calls
   * {@link ValueReader.forgetStrings} at the same point).
   */
  forgetStrings(): void {
    this.strings = new Map();
  }

  override finish(): Uint8Array {
    const out = super.finish();
    this.strings = new Map();
    return out;
  }

  /** A string value (tag and content). */
  writeString(s: string): void {
    this.writeByte(ValueTag.STRING);
    if (this.writeUtf8(s)) return;
    this.buf[this.pos - 1] = ValueTag.STRING_UTF16;
    this.writeUtf16(s);
  }

  private value(value: unknown, depth: number): void {
    switch (typeof value) {
      case 'number':
        if ((value | 0) === value && (value !== 0 || 1 / value > 0)) {
          this.writeByte(ValueTag.INT);
          this.writeVarint(((value << 1) ^ (value >> 31)) >>> 0);
        } else {
          this.writeByte(ValueTag.FLOAT64);
          this.writeFloat64(value);
        }
        return;
      case 'string':
        this.writeString(value);
        return;
      case 'boolean':
        this.writeByte(value ? ValueTag.TRUE : ValueTag.FALSE);
        return;
      case 'undefined':
        this.writeByte(ValueTag.UNDEFINED);
        return;
      case 'bigint':
        this.writeByte(ValueTag.BIGINT);
        this.writeByte(value < 0n ? 1 : 0);
        this.writeUtf8((value < 0n ? -value : value).toString(16));
        return;
      case 'object':
        if (value === null) this.writeByte(ValueTag.NULL);
        else this.object(value, depth);
        return;
      default:
        throw new Unsupported(value);
    }
  }

  private object(value: object, depth: number): void {
    if (depth >= MAX_VALUE_DEPTH) throw new Unsupported(value, `a value nested deeper than ${MAX_VALUE_DEPTH} levels (a cycle?)`);
    if (Array.isArray(value)) {
      this.writeByte(ValueTag.ARRAY);
      this.writeVarint(value.length);
      for (let i = 0; i < value.length; i++) this.child(value[i], depth, i);
      return;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      const keys = Object.keys(value);
      this.writeByte(proto === null ? ValueTag.OBJECT_NULL_PROTO : ValueTag.OBJECT);
      this.writeVarint(keys.length);
      for (const key of keys) {
        this.key(key);
        this.child((value as Record<string, unknown>)[key], depth, key);
      }
      return;
    }
    if (proto === Map.prototype) {
      const map = value as Map<unknown, unknown>;
      this.writeByte(ValueTag.MAP);
      this.writeVarint(map.size);
      let i = 0;
      for (const [k, v] of map) {
        this.child(k, depth, i);
        this.child(v, depth, i++);
      }
      return;
    }
    if (proto === Set.prototype) {
      const set = value as Set<unknown>;
      this.writeByte(ValueTag.SET);
      this.writeVarint(set.size);
      let i = 0;
      for (const item of set) this.child(item, depth, i++);
      return;
    }
    if (proto === Date.prototype) {
      this.writeByte(ValueTag.DATE);
      this.writeFloat64((value as Date).getTime());
      return;
    }
    const kind = binaryKindOf(value);
    if (kind === undefined) throw new Unsupported(value);
    const bytes =
      kind === BinaryKind.ARRAY_BUFFER
        ? new Uint8Array(value as ArrayBuffer)
        : new Uint8Array((value as ArrayBufferView).buffer, (value as ArrayBufferView).byteOffset, (value as ArrayBufferView).byteLength);
    this.writeByte(ValueTag.BINARY);
    this.writeByte(kind);
    this.writeVarint(bytes.length);
    this.writeBytes(bytes);
  }

  /** Writes a nested value; on failure records where it sat (`[3]`, `.name`). */
  private child(value: unknown, depth: number, at: string | number): void {
    if (typeof value !== 'object' || value === null) {
      if (typeof value === 'function' || typeof value === 'symbol') throw withPath(new Unsupported(value), at);
      this.value(value, depth + 1);
      return;
    }
    try {
      this.object(value, depth + 1);
    } catch (error) {
      throw error instanceof Unsupported ? withPath(error, at) : error;
    }
  }

  /** An object key: the first time as a string, then by its index in this stream's table. */
  private key(key: string): void {
    const index = this.strings.get(key);
    if (index !== undefined) {
      this.writeByte(ValueTag.STRING_REF);
      this.writeVarint(index);
      return;
    }
    this.writeString(key);
    if (this.strings.size < STRING_TABLE_LIMIT) this.strings.set(key, this.strings.size);
  }
}

function withPath(error: Unsupported, at: string | number): Unsupported {
  error.path.push(pathSegment(at));
  return error;
}

/** How an error names the place of a nested value: `[3]` for an index, `.name` or `["odd key"]` for a key. */
export function pathSegment(at: string | number): string {
  return typeof at === 'number' ? `[${at}]` : /^[A-Za-z_$][\w$]*$/.test(at) ? `.${at}` : `[${JSON.stringify(at)}]`;
}

/** The {@link BinaryKind} of an ArrayBuffer, DataView or typed array; undefined for anything else. */
function binaryKindOf(value: object): number | undefined {
  if (value instanceof ArrayBuffer) return BinaryKind.ARRAY_BUFFER;
  if (!ArrayBuffer.isView(value)) return undefined;
  if (value instanceof DataView) return BinaryKind.DATA_VIEW;
  if (value instanceof Uint8Array) return BinaryKind.UINT8;
  if (value instanceof Int8Array) return BinaryKind.INT8;
  if (value instanceof Uint8ClampedArray) return BinaryKind.UINT8_CLAMPED;
  if (value instanceof Int16Array) return BinaryKind.INT16;
  if (value instanceof Uint16Array) return BinaryKind.UINT16;
  if (value instanceof Int32Array) return BinaryKind.INT32;
  if (value instanceof Uint32Array) return BinaryKind.UINT32;
  if (value instanceof Float32Array) return BinaryKind.FLOAT32;
  if (value instanceof Float64Array) return BinaryKind.FLOAT64;
  if (value instanceof BigInt64Array) return BinaryKind.BIGINT64;
  if (value instanceof BigUint64Array) return BinaryKind.BIGUINT64;
  return undefined;
}
