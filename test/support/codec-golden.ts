/**
 * One value of every type the state codec supports, and its encoding: Node
 * and Chromium tests both check the bytes, so a checkpoint written in one
 * reads in the other.
 */
export function goldenValue(): unknown {
  return {
    s: 'héllo 🎉',
    lone: '\uD800',
    n: [0, -0, 1, -1, 2 ** 31, 0.5, Number.NaN, Infinity, -Infinity],
    b: [12345678901234567890n, -1n],
    flags: [true, false, null, undefined],
    map: new Map<unknown, unknown>([['k', 1], [2, [3]]]),
    set: new Set(['a', 1]),
    date: new Date(1_700_000_000_000),
    bytes: new Uint8Array([1, 2, 3]),
    floats: new Float64Array([1.5]),
    big: new BigInt64Array([-5n]),
    buffer: new Uint8Array([9, 8]).buffer,
    view: new DataView(new Uint8Array([7]).buffer),
    repeated: [{ sum: 1 }, { sum: 2 }],
  };
}

/** `encodeValue(goldenValue())` in hex. */
export const GOLDEN_HEX =
  '0a0e060173060b68c3a96c6c6f20f09f8e8906046c6f6e65070100d806016e09090400050000000000000080040204010500' +
  '0000000000e04105000000000000e03f05000000000000f87f05000000000000f07f05000000000000f0ff06016209020800' +
  '1061623534613938636562316630616432080101310605666c61677309040302010006036d61700c0206016b040204040901' +
  '040606037365740d0206016104020604646174650e00008056febc7842060562797465730f03030102030606666c6f617473' +
  '0f0a08000000000000f83f06036269670f0b08fbffffffffffffff06066275666665720f000209080604766965770f010107' +
  '0608726570656174656409020a01060373756d04020a01100e0404';
