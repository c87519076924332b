import { expect } from 'vitest';

/**
 * Asserts that `actual` (an error that crossed a worker boundary) is an
 * instance of `expected`'s class with the same name, code, message, own
 * fields and, recursively, the same cause.
 */
export function expectSameError(actual: unknown, expected: unknown): void {
  if (!(expected instanceof Error)) {
    expect(actual).toEqual(expected);
    return;
  }
  expect(actual).toBeInstanceOf(Error);
  const error = actual as Error;
  expect(Object.getPrototypeOf(error)).toBe(Object.getPrototypeOf(expected));
  expect(error.name).toBe(expected.name);
  expect(error.message).toBe(expected.message);
  expect({ ...error }).toEqual({ ...expected });
  expect(Object.hasOwn(error, 'cause')).toBe(Object.hasOwn(expected, 'cause'));
  if (Object.hasOwn(expected, 'cause')) expectSameError(error.cause, expected.cause);
}
