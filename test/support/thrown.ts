import type { ErrorCode } from '../../src/errors/error-codes.js';

/** Runs `fn` and returns what it threw (fails when it does not throw). */
export function thrown(fn: () => unknown): Error & { code?: ErrorCode } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code?: ErrorCode };
  }
  throw new Error('expected a throw');
}

export async function rejected(promise: Promise<unknown>): Promise<Error & { code?: ErrorCode }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: ErrorCode };
  }
  throw new Error('expected a rejection');
}
