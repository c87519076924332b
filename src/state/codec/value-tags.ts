/**
 * The one-byte type tags of the state value codec (see {@link ValueWriter}).
 * Stored in checkpoints: a tag never changes meaning; new types get new tags.
 */
export const ValueTag = {
  UNDEFINED: 0,
  NULL: 1,
  FALSE: 2,
  TRUE: 3,
  /** An integer in int32 range (not -0): zigzag varint. */
  INT: 4,
  /** Any other number (-0, NaN, ±Infinity, fractions, large integers): float64 little-endian. */
  FLOAT64: 5,
  /** varint UTF-8 byte length, then the bytes. */
  STRING: 6,
  /** A string with lone surrogates (not valid UTF-8): varint code-unit count, then UTF-16LE units. */
  STRING_UTF16: 7,
  /** Sign byte (0 or 1), then the magnitude as a hex string (varint length + ASCII). */
  BIGINT: 8,
  /** varint length, then the items (holes are written as undefined). */
  ARRAY: 9,
  /** varint count, then (key string, value) pairs; decoded with Object.prototype. */
  OBJECT: 10,
  /** As OBJECT, decoded with a null prototype. */
  OBJECT_NULL_PROTO: 11,
  /** varint count, then (key, value) pairs. */
  MAP: 12,
  /** varint count, then the items. */
  SET: 13,
  /** The time value as float64 (NaN for an invalid date). */
  DATE: 14,
  /** A {@link BinaryKind} byte, varint byte length, then the bytes (little-endian elements). */
  BINARY: 15,
  /** A string written before in the same stream: varint index (object keys repeat in every entry). */
  STRING_REF: 16,
} as const;

/** Which binary container a BINARY value is. */
export const BinaryKind = {
  ARRAY_BUFFER: 0,
  DATA_VIEW: 1,
  INT8: 2,
  UINT8: 3,
  UINT8_CLAMPED: 4,
  INT16: 5,
  UINT16: 6,
  INT32: 7,
  UINT32: 8,
  FLOAT32: 9,
  FLOAT64: 10,
  BIGINT64: 11,
  BIGUINT64: 12,
} as const;
