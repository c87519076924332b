/**
 * Type tags that only the exchange's binary encoding uses, beside the value
 * codec's {@link ValueTag}s (numbered apart from them). They refer to the
 * channel's tables, which sender and receiver build in step, batch by
 * batch, for as long as the channel lives; nothing stored ever holds them.
 */
export const ExchangeTag = {
  /** A string that joins the channel's dictionary at the next index: varint UTF-8 byte length, then the bytes. */
  DICTIONARY_STRING: 40,
  /** A string of the channel's dictionary: varint index. */
  DICTIONARY_REF: 41,
  /**
   * A plain object of a shape new to the channel, which joins its shape
   * table at the next index: a flags byte ({@link ShapeFlags}), varint key
   * count, the keys (value-codec strings), then the values in key order.
   */
  SHAPE: 42,
  /** A plain object of a known shape: varint shape index, then the values in key order. */
  SHAPE_REF: 43,
  /** An array whose items may use exchange tags: varint length, then the items. */
  ARRAY: 44,
} as const;

/** Flag bits of a {@link ExchangeTag.SHAPE}. */
export const ShapeFlags = {
  NULL_PROTOTYPE: 1,
} as const;

/** Flag bits of a binary batch's first byte. */
export const BatchFlags = {
  /** The channel's dictionary and shape table were emptied before this batch (both sides empty theirs). */
  RESET_TABLES: 1,
} as const;

/** A channel's dictionary holds at most this many strings; when full it is emptied at the next batch. */
export const DICTIONARY_LIMIT = 16_384;
/** Only strings of at most this many UTF-16 units enter the dictionary (keys and labels; long text goes inline). */
export const DICTIONARY_MAX_STRING = 64;
/** A channel's shape table holds at most this many shapes; when full it is emptied at the next batch. */
export const SHAPE_LIMIT = 1024;
/** Objects with more keys than this are written with their keys, not as a shape. */
export const SHAPE_MAX_KEYS = 64;
