import { describe, expect, it } from 'vitest';
describe('smoke', () => { it('runs in chromium', () => { expect(typeof indexedDB).toBe('object'); }); });
