import type { ValueLocation } from '../../state/codec/unsupported-value-error.js';
import { MAX_VALUE_DEPTH, pathSegment, ValueWriter } from '../../state/codec/value-writer.js';
import { ValueTag } from '../../state/codec/value-tags.js';
import { DICTIONARY_LIMIT, DICTIONARY_MAX_STRING, ExchangeTag, SHAPE_LIMIT, SHAPE_MAX_KEYS, ShapeFlags } from './exchange-tags.js';
import { UnsupportedExchangeValueError } from './unsupported-exchange-value-error.js';

/** An object shape the channel knows: its keys in order, and per key the shape last seen there (a guess for the next record). */
interface WriterShape {
  readonly index: number;
  readonly keys: readonly string[];
  readonly nullPrototype: boolean;
  /** Its key in `shapesBySignature`: the prototype flag, then the keys. */
  readonly signature: string;
  readonly hints: (WriterShape | undefined)[];
}

/** A value the encoding cannot carry, with the path to it collected innermost first on the way out. */
class Rejected extends Error {
  constructor(
    readonly segments: string[],
    readonly value: unknown,
    readonly reason: string | undefined,
  ) {
    super('rejected');
  }
}

/**
 * weir's value codec with per-channel tables, for the exchange's binary
 * batches: short strings enter a dictionary and are sent again as an index;
 * a plain object's keys are sent once per shape (then only its values).
 * Maps, Sets, Dates, bigints and binary values go through the value codec
 * unchanged. The tables live as long as this writer, i.e. one channel: the
 * receiver's {@link ExchangeValueReader} tables grow in step, batch by
 * batch, and {@link resetTables} empties both (at a batch boundary, flagged
 * in the batch). A record that fails leaves neither bytes nor table entries.
 */
export class ExchangeValueWriter extends ValueWriter {
  private readonly dictionary = new Map<string, number>();
  /** The dictionary's strings by index (to drop those a failed record added). */
  private readonly dictionaryStrings: string[] = [];
  private readonly shapes: WriterShape[] = [];
  private readonly shapesBySignature = new Map<string, WriterShape>();
  private topShape: WriterShape | undefined;

  constructor(
    private readonly channel: string,
    initialBytes?: number,
  ) {
    super(initialBytes);
  }

  /** Whether a table is full, so the next batch should start with {@link resetTables}. */
  get tablesFull(): boolean {
    return this.dictionaryStrings.length >= DICTIONARY_LIMIT || this.shapes.length >= SHAPE_LIMIT;
  }

  /** Empties the dictionary and the shape table (the receiver does the same where the batch says so). */
  resetTables(): void {
    this.dictionary.clear();
    this.dictionaryStrings.length = 0;
    this.shapes.length = 0;
    this.shapesBySignature.clear();
    this.topShape = undefined;
  }

  /**
   * Appends one record's value; on failure nothing of it stays written or remembered.
   * @throws UnsupportedExchangeValueError naming the channel and the path inside the value.
   */
  writeRecord(value: unknown): void {
    const start = this.pos;
    const strings = this.dictionaryStrings.length;
    const shapes = this.shapes.length;
    const keys = this.rememberedKeys;
    try {
      if (typeof value === 'object' && value !== null) this.topShape = this.objectValue(value, 0, this.topShape);
      else this.primitive(value);
    } catch (error) {
      this.pos = start;
      this.forgetKeysFrom(keys);
      this.dropEntries(strings, shapes);
      if (error instanceof Rejected) {
        throw new UnsupportedExchangeValueError(this.channel, 'binary', error.segments.reverse().join(''), error.value, error.reason);
      }
      throw error;
    }
  }

  protected override unsupported(_where: ValueLocation | undefined, path: readonly string[], value: unknown, reason: string | undefined): Error {
    return new Rejected([...path].reverse(), value, reason);
  }

  private primitive(value: unknown): void {
    if (typeof value === 'string') this.string(value);
    else this.writeNested(value, 0);
  }

  /** Writes an object found `depth` levels down; returns its shape when it is a shaped plain object (the next guess). */
  private objectValue(value: object, depth: number, hint: WriterShape | undefined): WriterShape | undefined {
    if (depth >= MAX_VALUE_DEPTH) throw new Rejected([], value, `a value nested deeper than ${MAX_VALUE_DEPTH} levels (a cycle?)`);
    if (Array.isArray(value)) {
      this.array(value, depth);
      return undefined;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      this.writeNested(value, depth);
      return undefined;
    }
    const nullPrototype = proto === null;
    const record = value as Record<string, unknown>;
    if (hint !== undefined && hint.nullPrototype === nullPrototype && hasKeysOf(record, hint)) {
      // The common case, a record like the last one: for-in reads the fields through V8's enum cache.
      this.writeByte(ExchangeTag.SHAPE_REF);
      this.writeVarint(hint.index);
      let i = 0;
      for (const key in record) this.field(record[key], depth, hint, i++);
      return hint;
    }
    const keys = Object.keys(value);
    const shape = this.shapeOf(keys, nullPrototype);
    if (shape === undefined) {
      this.writeNested(value, depth);
      return undefined;
    }
    for (let i = 0; i < keys.length; i++) this.field(record[keys[i]!], depth, shape, i);
    return shape;
  }

  /** The value of key `i` of an object of `shape`. */
  private field(item: unknown, depth: number, shape: WriterShape, i: number): void {
    if (typeof item === 'string') this.string(item);
    else if (typeof item === 'number' && (item | 0) === item && (item !== 0 || 1 / item > 0)) {
      this.writeByte(ValueTag.INT);
      this.writeVarint(((item << 1) ^ (item >> 31)) >>> 0);
    } else if (typeof item === 'object' && item !== null) {
      try {
        shape.hints[i] = this.objectValue(item, depth + 1, shape.hints[i]);
      } catch (error) {
        if (error instanceof Rejected) error.segments.push(pathSegment(shape.keys[i]!));
        throw error;
      }
    } else this.leaf(item, depth, shape.keys[i]!);
  }

  /** The shape of an object with these keys, written as a reference (or defined here); undefined when it is not to be shaped. */
  private shapeOf(keys: readonly string[], nullPrototype: boolean): WriterShape | undefined {
    if (keys.length > SHAPE_MAX_KEYS) return undefined;
    const signature = (nullPrototype ? '0' : '1') + JSON.stringify(keys);
    const known = this.shapesBySignature.get(signature);
    if (known !== undefined) {
      this.writeByte(ExchangeTag.SHAPE_REF);
      this.writeVarint(known.index);
      return known;
    }
    if (this.shapes.length >= SHAPE_LIMIT) return undefined;
    const shape: WriterShape = { index: this.shapes.length, keys: [...keys], nullPrototype, signature, hints: keys.map(() => undefined) };
    this.shapes.push(shape);
    this.shapesBySignature.set(signature, shape);
    this.writeByte(ExchangeTag.SHAPE);
    this.writeByte(nullPrototype ? ShapeFlags.NULL_PROTOTYPE : 0);
    this.writeVarint(keys.length);
    for (const key of keys) this.writeString(key);
    return shape;
  }

  private array(value: readonly unknown[], depth: number): void {
    this.writeByte(ExchangeTag.ARRAY);
    this.writeVarint(value.length);
    let hint: WriterShape | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item === 'object' && item !== null) {
        try {
          hint = this.objectValue(item, depth + 1, hint);
        } catch (error) {
          if (error instanceof Rejected) error.segments.push(pathSegment(i));
          throw error;
        }
      } else if (typeof item === 'string') this.string(item);
      else this.leaf(item, depth, i);
    }
  }

  /** A number, boolean, null, undefined or bigint inside an object or array (a function or symbol is rejected there). */
  private leaf(item: unknown, depth: number, at: string | number): void {
    try {
      this.writeNested(item, depth + 1);
    } catch (error) {
      if (error instanceof Rejected) error.segments.push(pathSegment(at));
      throw error;
    }
  }

  private string(s: string): void {
    if (s.length <= DICTIONARY_MAX_STRING) {
      const index = this.dictionary.get(s);
      if (index !== undefined) {
        this.writeByte(ExchangeTag.DICTIONARY_REF);
        this.writeVarint(index);
        return;
      }
      if (this.dictionaryStrings.length < DICTIONARY_LIMIT) {
        const start = this.pos;
        this.writeByte(ExchangeTag.DICTIONARY_STRING);
        if (this.writeUtf8(s)) {
          this.dictionary.set(s, this.dictionaryStrings.length);
          this.dictionaryStrings.push(s);
          return;
        }
        // Lone surrogates: not UTF-8, so written inline as UTF-16 by the value codec.
        this.pos = start;
      }
    }
    this.writeString(s);
  }

  /** Forgets the strings and shapes added after the marks (a failed record's). */
  private dropEntries(strings: number, shapes: number): void {
    for (let i = strings; i < this.dictionaryStrings.length; i++) this.dictionary.delete(this.dictionaryStrings[i]!);
    this.dictionaryStrings.length = strings;
    if (this.shapes.length > shapes) {
      for (let i = shapes; i < this.shapes.length; i++) this.shapesBySignature.delete(this.shapes[i]!.signature);
      this.shapes.length = shapes;
      // Hints may point at dropped shapes: forget them all (a rare path).
      for (const shape of this.shapes) shape.hints.fill(undefined);
      this.topShape = undefined;
    }
  }
}

/**
 * Whether for-in visits exactly `shape`'s keys, in order, on `record` (a
 * plain object): then they are its own keys too (an enumerable property
 * inherited from a patched Object.prototype would show up as an extra key).
 */
function hasKeysOf(record: Record<string, unknown>, shape: WriterShape): boolean {
  const keys = shape.keys;
  let i = 0;
  for (const key in record) if (keys[i++] !== key) return false;
  return i === keys.length;
}
