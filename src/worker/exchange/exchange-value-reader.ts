import { ValueReader } from '../../state/codec/value-reader.js';
import { ValueTag } from '../../state/codec/value-tags.js';
import { MAX_VALUE_DEPTH } from '../../state/codec/value-writer.js';
import { DICTIONARY_LIMIT, ExchangeTag, SHAPE_LIMIT, SHAPE_MAX_KEYS, ShapeFlags } from './exchange-tags.js';

/** An object shape as the receiver knows it. */
interface ReaderShape {
  readonly keys: readonly string[];
  readonly nullPrototype: boolean;
  /** A key is `__proto__`: it must be defined as an own property, not assigned. */
  readonly protoKey: boolean;
}

/**
 * The receiving end's copy of a channel's dictionary and shape table
 * (see {@link ExchangeValueWriter}). One per channel incarnation: a
 * receiver that starts fresh (after a restore) starts with empty tables, as
 * does its new sender.
 */
export class ExchangeReadTables {
  readonly strings: string[] = [];
  readonly shapes: ReaderShape[] = [];

  /** Empties both tables (a batch flagged the reset). */
  reset(): void {
    this.strings.length = 0;
    this.shapes.length = 0;
  }
}

/**
 * Reads one batch's record values written by {@link ExchangeValueWriter},
 * resolving dictionary strings and shapes through the channel's tables and
 * adding the entries the batch defines. Hostile bytes fail as corrupt, as
 * with {@link ValueReader}: an unknown index, a table beyond its limit.
 * @throws CheckpointError CHECKPOINT_CORRUPT naming `what` for malformed bytes.
 */
export class ExchangeValueReader extends ValueReader {
  constructor(
    bytes: Uint8Array,
    what: string,
    private readonly tables: ExchangeReadTables,
  ) {
    super(bytes, what);
  }

  /** The next record's value. */
  readRecord(): unknown {
    return this.exchangeValue(this.byte(), 0);
  }

  private exchangeValue(tag: number, depth: number): unknown {
    switch (tag) {
      case ExchangeTag.DICTIONARY_REF: {
        const index = this.readVarint();
        const s = this.tables.strings[index];
        if (s === undefined) throw this.corrupt(`a string refers to unknown dictionary entry ${index}`);
        return s;
      }
      case ValueTag.INT:
        return this.readZigzag();
      case ExchangeTag.SHAPE_REF: {
        const index = this.readVarint();
        const shape = this.tables.shapes[index];
        if (shape === undefined) throw this.corrupt(`an object refers to unknown shape ${index}`);
        return this.shaped(shape, depth);
      }
      case ExchangeTag.DICTIONARY_STRING: {
        const strings = this.tables.strings;
        if (strings.length >= DICTIONARY_LIMIT) throw this.corrupt(`the channel's dictionary grows beyond ${DICTIONARY_LIMIT} strings`);
        const s = this.readUtf8();
        strings.push(s);
        return s;
      }
      case ExchangeTag.SHAPE:
        return this.shaped(this.defineShape(depth), depth);
      case ExchangeTag.ARRAY: {
        const length = this.count(1, depth);
        const out = new Array<unknown>(length);
        for (let i = 0; i < length; i++) out[i] = this.exchangeValue(this.byte(), depth + 1);
        return out;
      }
      default:
        return this.value(tag, depth);
    }
  }

  private defineShape(depth: number): ReaderShape {
    const shapes = this.tables.shapes;
    if (shapes.length >= SHAPE_LIMIT) throw this.corrupt(`the channel's shape table grows beyond ${SHAPE_LIMIT} shapes`);
    const flags = this.byte();
    const size = this.count(1, depth);
    if (size > SHAPE_MAX_KEYS) throw this.corrupt(`a shape has ${size} keys, more than ${SHAPE_MAX_KEYS}`);
    const keys: string[] = [];
    for (let i = 0; i < size; i++) {
      const key = this.value(this.byte(), depth + 1);
      if (typeof key !== 'string') throw this.corrupt('a shape key is not a string');
      keys.push(key);
    }
    const shape: ReaderShape = { keys, nullPrototype: (flags & ShapeFlags.NULL_PROTOTYPE) !== 0, protoKey: keys.includes('__proto__') };
    shapes.push(shape);
    return shape;
  }

  private shaped(shape: ReaderShape, depth: number): Record<string, unknown> {
    if (depth >= MAX_VALUE_DEPTH) throw this.corrupt(`values nest deeper than ${MAX_VALUE_DEPTH} levels`);
    const keys = shape.keys;
    const out: Record<string, unknown> = shape.nullPrototype ? (Object.create(null) as Record<string, unknown>) : {};
    if (shape.protoKey) {
      // Assigning '__proto__' would set the prototype; define it as an own data property instead.
      for (const key of keys) Object.defineProperty(out, key, { value: this.exchangeValue(this.byte(), depth + 1), enumerable: true, writable: true, configurable: true });
      return out;
    }
    for (let i = 0; i < keys.length; i++) out[keys[i]!] = this.exchangeValue(this.byte(), depth + 1);
    return out;
  }
}
