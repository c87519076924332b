import type { ErrorField, SerializedError, SerializedThrown } from './serialized-thrown.js';
import { transferableClassOf } from './transferable-error-classes.js';

/** Causes nested deeper than this are cut off (a chain that long is a bug, not information). */
const MAX_CAUSE_DEPTH = 32;

/**
 * Turns anything a function threw into structured-cloneable data that keeps,
 * for errors, the class, `code` and other primitive own fields, message,
 * stack and `cause` (recursively; a cyclic cause chain is cut where it
 * repeats). A thrown value that is not an error passes as data; one that
 * cannot be cloned (a function, a symbol) passes as its description, so that
 * the reply still reaches the caller.
 *
 * @example
 * ```ts
 * port.postMessage(serializeThrown(new ConfigError(ErrorCodes.INVALID_ARGUMENT, 'bad')));
 * ```
 */
export function serializeThrown(thrown: unknown): SerializedThrown {
  return serializeAt(thrown, new Set(), 0);
}

function serializeAt(thrown: unknown, seen: Set<unknown>, depth: number): SerializedThrown {
  if (thrown instanceof Error) return { kind: 'error', error: serializeError(thrown, seen, depth) };
  return { kind: 'value', value: cloneableOrDescribed(thrown) };
}

function serializeError(error: Error, seen: Set<unknown>, depth: number): SerializedError {
  seen.add(error);
  const fields: Record<string, ErrorField> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key === 'cause' || key === 'errors') continue;
    if (value === null || (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'symbol')) {
      fields[key] = value as ErrorField;
    }
  }
  const nested = (value: unknown): SerializedThrown | undefined =>
    depth < MAX_CAUSE_DEPTH && !seen.has(value) ? serializeAt(value, seen, depth + 1) : undefined;
  const cause = Object.hasOwn(error, 'cause') ? nested(error.cause) : undefined;
  const errors = error instanceof AggregateError && Array.isArray(error.errors) ? error.errors.map(nested) : undefined;
  return {
    errorClass: transferableClassOf(error),
    name: String(error.name),
    message: String(error.message),
    ...(typeof error.stack === 'string' ? { stack: error.stack } : {}),
    fields,
    ...(cause ? { cause } : {}),
    ...(errors ? { errors: errors.filter((e): e is SerializedThrown => e !== undefined) } : {}),
  };
}

/** `value` if postMessage can clone it, else a string saying what it was. */
function cloneableOrDescribed(value: unknown): unknown {
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
  if (typeof value === 'symbol') return value.toString();
  if (typeof value !== 'object' || value === null) return value;
  try {
    structuredClone(value);
    return value;
  } catch {
    return `[uncloneable ${Object.getPrototypeOf(value)?.constructor?.name ?? 'object'}]`;
  }
}
