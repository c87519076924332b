import { transferHandlers, type TransferHandler } from 'comlink';
import { deserializeThrown } from './deserialize-thrown.js';
import { serializeThrown } from './serialize-thrown.js';
import { isSerializedThrown } from './serialized-thrown.js';

/**
 * Replaces comlink's `throw` transfer handler (which keeps only name, message
 * and stack) with one that keeps weir's error classes, codes, fields and
 * causes: a `ConfigError` thrown in a worker rejects the caller's promise
 * with a `ConfigError`. Idempotent. Both ends must call it before they
 * `expose` or `wrap`; the spawn and expose helpers in `worker/` do.
 *
 * @example
 * ```ts
 * installErrorTransfer();
 * expose(api, self);
 * ```
 */
export function installErrorTransfer(): void {
  const current = transferHandlers.get('throw');
  if (current?.deserialize === rethrow) return;
  const handler: TransferHandler<unknown, unknown> = {
    // comlink marks thrown values with a private symbol; its own handler knows how to recognise them.
    canHandle: current?.canHandle ?? isComlinkThrown,
    serialize: (marked) => [serializeThrown((marked as { value: unknown }).value), []],
    deserialize: rethrow,
  };
  transferHandlers.set('throw', handler);
}

/** comlink calls `deserialize` to produce the call's result; throwing rejects the caller's promise. */
function rethrow(wire: unknown): never {
  if (isSerializedThrown(wire)) throw deserializeThrown(wire);
  // A peer that still runs comlink's default handler sends { isError, value }.
  const legacy = wire as { isError?: boolean; value?: { message?: string } };
  if (legacy.isError) throw Object.assign(new Error(legacy.value?.message), legacy.value);
  throw legacy.value;
}

function isComlinkThrown(value: unknown): value is unknown {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getOwnPropertySymbols(value).some((symbol) => symbol.description === 'Comlink.thrown')
  );
}
