/**
 * What crosses a worker boundary when a call throws: a weir or built-in
 * error as plain, structured-cloneable data, or any other thrown value as is.
 * Produced by {@link serializeThrown}, turned back by {@link deserializeThrown}.
 */
export type SerializedThrown =
  | { readonly kind: 'error'; readonly error: SerializedError }
  | { readonly kind: 'value'; readonly value: unknown };

/** A primitive own field of an error (`code`, `operator`, `name`, ...). */
export type ErrorField = string | number | boolean | bigint | null | undefined;

/** An error as data. `errorClass` is a stable key from `transferable-error-classes.ts`, never a minifiable constructor name. */
export interface SerializedError {
  /** The nearest class of the error that the other side can rebuild (`'UserFunctionError'`, `'TypeError'`, `'Error'`). */
  readonly errorClass: string;
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** Own enumerable primitive fields: `code`, `operator`, an own `name`, ... */
  readonly fields: Readonly<Record<string, ErrorField>>;
  /** Present exactly when the error had an own `cause`. */
  readonly cause?: SerializedThrown;
  /** The `errors` of an `AggregateError`. */
  readonly errors?: readonly SerializedThrown[];
}

/** True for data in the shape {@link serializeThrown} produces. */
export function isSerializedThrown(value: unknown): value is SerializedThrown {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return (kind === 'error' && typeof (value as { error?: unknown }).error === 'object') || (kind === 'value' && 'value' in value);
}
