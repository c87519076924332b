import type { ValueLocation } from './unsupported-value-error.js';
import { ValueWriter } from './value-writer.js';

/**
 * Encodes one value with the state codec (see {@link ValueWriter} for what
 * round-trips): for checkpoint metadata and operator state such as source
 * positions. Read it back with {@link decodeValue}.
 *
 * @example
 * ```ts
 * const bytes = encodeValue({ offset: 42n, file: 'a.csv' }, 'the position of source "files"');
 * ```
 * @throws StateError UNSUPPORTED_STATE_VALUE naming `where` for a value the codec cannot persist.
 */
export function encodeValue(value: unknown, where?: ValueLocation): Uint8Array {
  const writer = new ValueWriter(256);
  writer.write(value, where);
  return writer.finish();
}
