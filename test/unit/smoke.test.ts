import { describe, expect, it } from 'vitest';
describe('smoke', () => { it('runs in node', () => { expect(typeof process.versions.node).toBe('string'); }); });
