import { describe, expect, it } from 'vitest';
import type { BenchOptions } from '../../../bench/cli-options.js';
import { UsageError } from '../../../bench/cli-options.js';
import { selectSections } from '../../../bench/select-sections.js';

const VARIANTS = ['hand-loop', 'weir-seed', 'rxjs-groupby'];
const CASES = ['idb-throughput', 'idb-restore-1m'];

function select(options: Partial<Pick<BenchOptions, 'only' | 'sections' | 'browserParams'>>) {
  return selectSections({ sections: 'all', browserParams: new Map(), ...options }, VARIANTS, CASES);
}

describe('selectSections', () => {
  it('runs every variant and every case without --only', () => {
    expect(select({})).toEqual({ node: {}, browserCases: CASES });
  });

  it('drops the browser cases with --no-browser and the Node section with --browser-only', () => {
    expect(select({ sections: 'no-browser' })).toEqual({ node: {}, browserCases: [] });
    expect(select({ sections: 'browser-only' })).toEqual({ node: undefined, browserCases: CASES });
  });

  it('splits --only between Node variants and browser cases', () => {
    expect(select({ only: ['idb-restore-1m', 'weir-seed'] })).toEqual({ node: { only: ['weir-seed'] }, browserCases: ['idb-restore-1m'] });
  });

  it('skips the Node section (baseline included) when --only names browser cases alone', () => {
    expect(select({ only: ['idb-throughput'] })).toEqual({ node: undefined, browserCases: ['idb-throughput'] });
  });

  it('keeps the registry order of browser cases', () => {
    expect(select({ only: ['idb-restore-1m', 'idb-throughput'] }).browserCases).toEqual(CASES);
  });

  it('names both registries for an unknown name', () => {
    expect(() => select({ only: ['nope'] })).toThrow(/Known variants: hand-loop.*Known browser cases: idb-throughput/);
  });

  it('refuses a selection that runs nothing', () => {
    expect(() => select({ only: ['weir-seed'], sections: 'browser-only' })).toThrow(UsageError);
    expect(() => select({ only: ['idb-throughput'], sections: 'no-browser' })).toThrow(UsageError);
  });

  it('refuses --browser-param for a case that does not exist', () => {
    expect(() => select({ browserParams: new Map([['weir-seed', { events: 1 }]]) })).toThrow(/unknown browser case "weir-seed"/);
  });
});
