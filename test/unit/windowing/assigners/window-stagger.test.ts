import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../../src/errors/error-codes.js';
import { WindowStagger } from '../../../../src/windowing/assigners/window-stagger.js';

describe('WindowStagger', () => {
  it('ALIGNED never shifts windows', () => {
    expect(WindowStagger.ALIGNED.staggerOffset(500, 5000)).toBe(0);
    expect(WindowStagger.ALIGNED.staggerOffset(123_456, 5000)).toBe(0);
  });

  it('NATURAL shifts by the lag of the processing time inside its window', () => {
    expect(WindowStagger.NATURAL.staggerOffset(5500, 5000)).toBe(500);
    expect(WindowStagger.NATURAL.staggerOffset(150, 5000)).toBe(150);
    expect(WindowStagger.NATURAL.staggerOffset(10_000, 5000)).toBe(0);
    expect(WindowStagger.NATURAL.staggerOffset(-1, 5000)).toBe(4999);
  });

  it('RANDOM draws an integer offset in [0, size)', () => {
    for (let i = 0; i < 100; i++) {
      const offset = WindowStagger.RANDOM.staggerOffset(0, 5000);
      expect(Number.isInteger(offset)).toBe(true);
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(5000);
    }
  });

  it('random(source) scales the injected random number to the window size, rounding down', () => {
    expect(WindowStagger.random(() => 0).staggerOffset(0, 5000)).toBe(0);
    expect(WindowStagger.random(() => 0.25).staggerOffset(0, 5000)).toBe(1250);
    expect(WindowStagger.random(() => 0.99999999).staggerOffset(0, 5000)).toBe(4999);
  });

  it('random(source) rejects a source that returns a number outside [0, 1)', () => {
    for (const bad of [1, -0.5, Number.NaN]) {
      const stagger = WindowStagger.random(() => bad);
      expect(() => stagger.staggerOffset(0, 5000)).toThrow(ConfigError);
      try {
        stagger.staggerOffset(0, 5000);
      } catch (error) {
        expect((error as ConfigError).code).toBe(ErrorCodes.INVALID_ARGUMENT);
        expect((error as ConfigError).message).toContain(String(bad));
      }
    }
  });
});
