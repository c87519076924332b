import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import { describeValue } from '../errors/argument-checks.js';
import { KeyEncoder } from './key-encoding.js';
import { murmur3Bits, murmur3Utf16Bits } from './murmur3.js';

/** Index of a key group: `0 <= g < maxParallelism`. */
export type KeyGroup = number;

/** Default number of key groups, as in Flink. */
export const DEFAULT_MAX_PARALLELISM = 128;

/** Largest supported maxParallelism, as in Flink. */
export const UPPER_BOUND_MAX_PARALLELISM = 32768;

/** Throws unless `maxParallelism` is an integer in 1..32768. */
export function requireMaxParallelism(maxParallelism: unknown): number {
  if (
    typeof maxParallelism !== 'number' ||
    !Number.isInteger(maxParallelism) ||
    maxParallelism < 1 ||
    maxParallelism > UPPER_BOUND_MAX_PARALLELISM
  ) {
    throw new ConfigError(
      ErrorCodes.INVALID_MAX_PARALLELISM,
      `maxParallelism must be an integer from 1 to ${UPPER_BOUND_MAX_PARALLELISM}, got ${describeValue(maxParallelism)}.`,
    );
  }
  return maxParallelism;
}

/**
 * Maps keys to key groups with a stable hash, so the same key lands in the
 * same group in every browser and in Node and checkpoints move between them.
 * The hash is MurmurHash3 (x86, 32-bit, seed 0) of the key's canonical bytes:
 * for a string key, its UTF-16LE code units (the hot path: hashed straight
 * from the string); for any other key, the tagged encoding of
 * {@link KeyEncoder}. The group is `hash % maxParallelism`.
 */
export class KeyGroupAssigner {
  private readonly encoder = new KeyEncoder();

  constructor(readonly maxParallelism: number = DEFAULT_MAX_PARALLELISM) {
    requireMaxParallelism(maxParallelism);
  }

  /** The key group of `key`; throws InvalidKeyError (naming `where`) for a non-key. */
  assign(key: unknown, where = 'The key selector'): KeyGroup {
    return keyGroupOfHash(this.hashBits(key, where), this.maxParallelism);
  }

  /** The key's 32-bit hash (unsigned); its group is `hash % maxParallelism`. Throws InvalidKeyError naming `where`. */
  hash(key: unknown, where = 'The key selector'): number {
    return this.hashBits(key, where) >>> 0;
  }

  /**
   * {@link hash} as a signed int32 (the same bits), for per-record callers:
   * V8 keeps it a small integer, where an unsigned hash above 2^31 is a
   * double boxed on every call. Its group is `keyGroupOfHash(bits, maxParallelism)`.
   */
  hashBits(key: unknown, where = 'The key selector'): number {
    if (typeof key === 'string') return murmur3Utf16Bits(key);
    const length = this.encoder.encode(key, where);
    return murmur3Bits(this.encoder.bytes, length);
  }
}

/**
 * The key group of a key's 32-bit hash: `hash % maxParallelism` of the
 * unsigned hash, computed in small integers. Takes the hash unsigned or as a
 * signed int32 (`hash | 0`, how the heap backend carries it): only its bits
 * are read. Half of all hashes are above 2^31, where V8
 * holds them as doubles and `%` becomes a floating-point remainder (measured
 * ~17 ns against ~2 ns); this runs once per keyed record. Splitting the hash
 * into 16-bit halves keeps every intermediate below 2^31 (maxParallelism is
 * at most 2^15), and `(hi * 2^16 + lo) % m = ((hi % m) * 2^16 + lo) % m`.
 */
export function keyGroupOfHash(hash: number, maxParallelism: number): KeyGroup {
  return (((hash >>> 16) % maxParallelism) * 65536 + (hash & 0xffff)) % maxParallelism;
}

/** Which of `parallelism` subtasks owns `keyGroup` (Flink's computeOperatorIndexForKeyGroup). */
export function operatorIndexForKeyGroup(maxParallelism: number, parallelism: number, keyGroup: KeyGroup): number {
  return Math.floor((keyGroup * parallelism) / maxParallelism);
}
