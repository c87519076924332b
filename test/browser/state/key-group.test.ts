import { describe, expect, it } from 'vitest';
import { KeyGroupAssigner } from '../../../src/state/key-group.js';
import { murmur3 } from '../../../src/state/murmur3.js';

// Runs in real Chromium. The golden table is the same as in
// test/unit/state/key-group.test.ts: both must pass, so a checkpoint taken in
// a browser puts every key in the same key group as in Node.

describe('key groups in the browser', () => {
  it.each([
    ['', 0, 0],
    ['', 1, 0x514e28b7],
    ['hello', 0, 0x248bfa47],
    ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
  ])('murmur3 hashes %j with seed %i to the reference value', (input, seed, expected) => {
    const bytes = new TextEncoder().encode(input);
    expect(murmur3(bytes, bytes.length, seed)).toBe(expected);
  });

  const assigner = new KeyGroupAssigner(128);

  it.each([
    ['"hello"', 'hello', 9],
    ['""', '', 0],
    ['0', 0, 25],
    ['1', 1, 71],
    ['-1', -1, 74],
    ['3.5', 3.5, 52],
    ['Infinity', Infinity, 58],
    ['1n', 1n, 24],
    ['12345678901234567890n', 12345678901234567890n, 41],
    ['true', true, 85],
    ['false', false, 42],
    ['"ümlaut"', 'ümlaut', 54],
    ['"😀"', '😀', 57],
    ['["a", 1]', ['a', 1], 44],
    ['[["x"], 2n, false]', [['x'], 2n, false], 107],
    ['[]', [], 100],
  ])('puts key %s in golden key group %i of 128', (_label, key, group) => {
    expect(assigner.assign(key)).toBe(group);
  });

  it('puts -0 in the same group as 0', () => {
    expect(assigner.assign(-0)).toBe(25);
  });
});
