import type { Key } from '../../src/state/key-encoding.js';

/**
 * Keys and the key group (of 128) they must land in. Asserted both in Node
 * (test/unit/state/key-group.test.ts) and in Chromium
 * (test/browser/state/key-group.test.ts), so a checkpoint moves between them
 * with every key in the same group. Never change a row: that breaks stored
 * checkpoints.
 */
export const GOLDEN_KEY_GROUPS: readonly (readonly [label: string, key: Key, group: number])[] = [
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
];
