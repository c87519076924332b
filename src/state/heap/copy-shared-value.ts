/** Past this depth a value is left shared: the codec rejects such values anyway. */
const MAX_DEPTH = 512;

/**
 * A deep copy of a state value that a checkpoint view still holds, made
 * before live state mutates it in place. Copies what the state codec can
 * persist (arrays, plain objects, Maps, Sets, Dates, typed arrays,
 * ArrayBuffers, DataViews) and returns anything else (class instances,
 * functions) as it is: the view will reject it when encoding, and a copy
 * would break the live value (a class instance would lose its prototype).
 * Map keys and Set members keep their identity (they are looked up by it),
 * so an object used as one must not be mutated while a checkpoint runs.
 */
export function copySharedValue(value: unknown): unknown {
  return copy(value, 0);
}

function copy(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i], depth + 1);
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const out = (proto === null ? Object.create(null) : {}) as Record<string, unknown>;
    for (const key of Object.keys(value)) {
      const item = copy((value as Record<string, unknown>)[key], depth + 1);
      // Plain assignment of '__proto__' would set the prototype instead of a property.
      if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
      else out[key] = item;
    }
    return out;
  }
  if (proto === Map.prototype) {
    const out = new Map<unknown, unknown>();
    // Keys stay the same objects: Maps and Sets compare them by identity, and user code looks them up.
    for (const [k, v] of value as Map<unknown, unknown>) out.set(k, copy(v, depth + 1));
    return out;
  }
  if (proto === Set.prototype) {
    return new Set<unknown>(value as Set<unknown>);
  }
  if (proto === Date.prototype) return new Date((value as Date).getTime());
  if (value instanceof ArrayBuffer) return value.slice(0);
  if (value instanceof DataView) return new DataView(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  if (ArrayBuffer.isView(value)) return (value as unknown as { slice(): unknown }).slice();
  return value;
}
