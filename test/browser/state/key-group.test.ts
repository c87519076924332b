import { describe, expect, it } from 'vitest';
import { GOLDEN_KEY_GROUPS } from '../../support/key-group-golden.js';
import { KeyGroupAssigner } from '../../../src/state/key-group.js';
import { murmur3 } from '../../../src/state/murmur3.js';

// Runs in real Chromium, with the golden table Node asserts too (test/support/key-group-golden.ts).

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

  it.each(GOLDEN_KEY_GROUPS)('puts key %s in golden key group %i of 128', (_label, key, group) => {
    expect(assigner.assign(key)).toBe(group);
  });

  it('puts -0 in the same group as 0', () => {
    expect(assigner.assign(-0)).toBe(25);
  });
});
