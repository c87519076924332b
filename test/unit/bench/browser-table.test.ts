import { describe, expect, it } from 'vitest';
import type { BrowserCaseRecord } from '../../../bench/browser/browser-record.js';
import { formatBrowserReport, formatBrowserTable, formatMetricValue, formatTarget } from '../../../bench/browser/browser-table.js';
import { median } from '../../../bench/median.js';

const OK: BrowserCaseRecord = {
  name: 'idb-seed',
  status: 'ok',
  verdict: 'FAIL',
  metrics: { eventsPerSec: 2_716_801.4, ratio: 0.8512, checkpoints: 3 },
  targets: [
    { metric: 'ratio', atLeast: 0.9, value: 0.8512, verdict: 'FAIL' },
    { metric: 'failed', atMost: 0, verdict: 'missing' },
  ],
};
const BROKEN: BrowserCaseRecord = { name: 'restore', status: 'error', verdict: 'error', targets: [], detail: 'Error: no module\n    at load' };

describe('formatMetricValue', () => {
  it('groups thousands from 1000 up and keeps three significant digits below', () => {
    expect(formatMetricValue(2_716_801.4)).toBe('2,716,801');
    expect(formatMetricValue(1210.4)).toBe('1,210');
    expect(formatMetricValue(935.2)).toBe('935');
    expect(formatMetricValue(0.8512)).toBe('0.851');
    expect(formatMetricValue(3)).toBe('3');
    expect(formatMetricValue(undefined)).toBe('-');
  });
});

describe('formatTarget', () => {
  it('writes lower, upper and two-sided bounds', () => {
    expect(formatTarget({ atLeast: 0.9 })).toBe('≥ 0.9');
    expect(formatTarget({ atMost: 1000 })).toBe('≤ 1,000');
    expect(formatTarget({ atLeast: 1, atMost: 2 })).toBe('1 – 2');
  });
});

describe('formatBrowserTable', () => {
  it('prints one row per metric, the case name once, and a status row for a case without metrics', () => {
    expect(formatBrowserTable([OK, BROKEN]).split('\n')).toEqual([
      'case     | metric       |     value | target | verdict',
      '---------|--------------|-----------|--------|--------',
      'idb-seed | eventsPerSec | 2,716,801 |        |',
      '         | ratio        |     0.851 |  ≥ 0.9 | FAIL',
      '         | checkpoints  |         3 |        |',
      '         | failed       |         - |    ≤ 0 | missing',
      'restore  | -            |         - |      - | error',
    ]);
  });
});

describe('formatBrowserReport', () => {
  it('says why the browser section was skipped', () => {
    const report = formatBrowserReport({ skipped: 'no Chromium found; install one with `apt-get install -y chromium`', cases: [] });
    expect(report).toContain('apt-get install -y chromium');
  });

  it('lists the detail of each failing case under the table', () => {
    const report = formatBrowserReport({ chromium: { path: '/usr/bin/chromium', version: '156' }, cases: [OK, BROKEN] });
    expect(report).toContain('Chromium 156, /usr/bin/chromium');
    expect(report).toContain('restore: error: Error: no module\n        at load');
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });
});
