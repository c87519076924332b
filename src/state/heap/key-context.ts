import { ErrorCodes } from '../../errors/error-codes.js';
import { StateError } from '../../errors/state-error.js';
import type { Key } from '../key-encoding.js';

/**
 * A key as heap state stores it: primitives as given (`-0` normalised to `0`),
 * arrays as the one frozen, interned instance per value, so that `Map`
 * lookups compare tuples by value.
 */
export type InternalKey = Key;

/**
 * The current key of a heap keyed backend, shared by all of its state tables.
 * The backend writes it once per element; tables only read it, so no state
 * access hashes the key again.
 */
export class KeyContext {
  /** The current key; meaningful only while {@link group} >= 0. */
  key: InternalKey | undefined = undefined;
  /** Offset of the current key's group within the backend's range; -1 when no key is set. */
  group = -1;
  /**
   * The current key's 32-bit hash, held as a signed int32 (`hash | 0`): state
   * tables reuse it instead of hashing the key again. Signed because V8 keeps
   * an int32 a small integer, while an unsigned hash above 2^31 is a double
   * that is boxed on every call it is passed to (measured: ~50 bytes of
   * garbage per keyed record).
   */
  hash = 0;

  /** Forgets the current key. */
  reset(): void {
    this.key = undefined;
    this.group = -1;
    this.hash = 0;
  }
}

/** The error for state access before any `setCurrentKey`. */
export function noCurrentKeyError(stateName: string): StateError {
  return new StateError(
    ErrorCodes.NO_CURRENT_KEY,
    `State '${stateName}' was read or written with no current key. Keyed state is only available ` +
      'while processing an element or timer of a keyed stream (after keyBy); it cannot be used in open() or on a non-keyed stream.',
  );
}
