/**
 * Renders a state value as text that tells every type the state codec keeps
 * apart: `-0` from `0`, `NaN`, `12n` from `12`, a Date from its number, a Map
 * from an object, each typed array by its class. Two values render the same
 * only if they would round-trip to the same thing, so job results built from
 * it compare state exactly, across runtimes.
 *
 * @example
 * ```ts
 * canonicalText({ n: -0, at: new Date(0), tags: new Set(['a']) }); // '{n:-0,at:Date(1970-01-01T00:00:00.000Z),tags:Set{"a"}}'
 * ```
 */
export function canonicalText(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return String(value);
    case 'object':
      return objectText(value);
    default:
      throw new TypeError(`canonicalText: a ${typeof value} is no state value`);
  }
}

function objectText(value: object): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Date(invalid)' : `Date(${value.toISOString()})`;
  if (value instanceof Map) return `Map{${[...value].map(([k, v]) => `${canonicalText(k)}=>${canonicalText(v)}`).join(',')}}`;
  if (value instanceof Set) return `Set{${[...value].map(canonicalText).join(',')}}`;
  if (Array.isArray(value)) return `[${Array.from(value, canonicalText).join(',')}]`;
  if (value instanceof ArrayBuffer) return `ArrayBuffer[${new Uint8Array(value).join(',')}]`;
  if (value instanceof DataView) return `DataView[${new Uint8Array(value.buffer, value.byteOffset, value.byteLength).join(',')}]`;
  if (ArrayBuffer.isView(value)) {
    const items = Array.from(value as unknown as ArrayLike<number | bigint>, canonicalText);
    return `${value.constructor.name}[${items.join(',')}]`;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  const prefix = prototype === null ? 'null-proto' : prototype === Object.prototype ? '' : `${(value.constructor as { name?: string }).name ?? '?'}`;
  return `${prefix}{${Object.entries(value).map(([k, v]) => `${k}:${canonicalText(v)}`).join(',')}}`;
}
