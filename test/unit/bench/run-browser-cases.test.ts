import { describe, expect, it } from 'vitest';
import { runBrowserCases } from '../../../bench/browser/run-browser-cases.js';

describe('runBrowserCases without Chromium', () => {
  it('skips the section with install instructions instead of failing', async () => {
    const lines: string[] = [];
    const section = await runBrowserCases({
      cases: ['idb-throughput'],
      params: new Map(),
      log: (line) => lines.push(line),
      chromium: { path: undefined, searched: ['chromium on PATH'] },
    });
    expect(section.cases).toEqual([]);
    expect(section.skipped).toContain('apt-get install -y chromium');
    expect(section.skipped).toContain('chromium on PATH');
    expect(lines).toEqual([]);
  });
});
