import type { SerializedError, SerializedThrown } from './serialized-thrown.js';
import { prototypeOfTransferableClass } from './transferable-error-classes.js';

/**
 * Rebuilds what {@link serializeThrown} produced: an error becomes an
 * instance of the same class (so `instanceof` and `code` work as on the
 * throwing side) with the same message, stack, fields and cause; any other
 * value is returned as it came. Constructors are not called — they would
 * rebuild the message from arguments that did not cross.
 */
export function deserializeThrown(wire: SerializedThrown): unknown {
  return wire.kind === 'error' ? deserializeError(wire.error) : wire.value;
}

function deserializeError(wire: SerializedError): Error {
  const error = Object.create(prototypeOfTransferableClass(wire.errorClass)) as Error;
  // message, stack and cause are own non-enumerable properties on a real error; keep that shape.
  defineHidden(error, 'message', wire.message);
  if (wire.stack !== undefined) defineHidden(error, 'stack', wire.stack);
  if (wire.cause !== undefined) defineHidden(error, 'cause', deserializeThrown(wire.cause));
  if (wire.errors !== undefined) defineHidden(error, 'errors', wire.errors.map(deserializeThrown));
  for (const [key, value] of Object.entries(wire.fields)) {
    Object.defineProperty(error, key, { value, enumerable: true, writable: true, configurable: true });
  }
  if (error.name !== wire.name) defineHidden(error, 'name', wire.name);
  return error;
}

function defineHidden(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: false, writable: true, configurable: true });
}
