import { describe, expect, it } from 'vitest';
import type { CaseInfo } from '../../../bench/browser/browser-case.js';
import { failedCase, judgeCase, judgeTarget } from '../../../bench/browser/judge-case.js';

const INFO: CaseInfo = {
  name: 'restore',
  description: 'restores',
  defaultParams: { keys: 10 },
  targets: [
    { metric: 'restoreMs', atMost: 1000 },
    { metric: 'ratio', atLeast: 0.9 },
  ],
};

describe('judgeTarget', () => {
  it('passes a metric on its bound and fails one beyond it', () => {
    expect(judgeTarget({ metric: 'ms', atMost: 1000 }, { ms: 1000 }).verdict).toBe('pass');
    expect(judgeTarget({ metric: 'ms', atMost: 1000 }, { ms: 1000.5 }).verdict).toBe('FAIL');
    expect(judgeTarget({ metric: 'x', atLeast: 1, atMost: 2 }, { x: 0.5 }).verdict).toBe('FAIL');
  });

  it('calls a metric the case did not report (or reported as NaN) missing', () => {
    expect(judgeTarget({ metric: 'ms', atMost: 1 }, {})).toEqual({ metric: 'ms', atMost: 1, verdict: 'missing' });
    expect(judgeTarget({ metric: 'ms', atMost: 1 }, { ms: NaN }).verdict).toBe('missing');
  });
});

describe('judgeCase', () => {
  it('passes a case only when every target passes', () => {
    const outcome = { ok: true as const, params: { keys: 10 }, seconds: 2, metrics: { restoreMs: 800, ratio: 0.95 } };
    expect(judgeCase(INFO, outcome)).toMatchObject({ status: 'ok', verdict: 'pass', params: { keys: 10 }, seconds: 2 });
    expect(judgeCase(INFO, { ...outcome, metrics: { restoreMs: 1200, ratio: 0.95 } }).verdict).toBe('FAIL');
    expect(judgeCase(INFO, { ...outcome, metrics: { restoreMs: 800 } }).verdict).toBe('FAIL');
  });

  it('reports a case without targets as unjudged', () => {
    const outcome = { ok: true as const, params: {}, seconds: 1, metrics: { x: 1 } };
    expect(judgeCase({ ...INFO, targets: [] }, outcome).verdict).toBe('no target');
  });

  it('keeps the page error of a case that threw', () => {
    expect(judgeCase(INFO, { ok: false, error: 'Error: boom\n    at run' })).toMatchObject({ status: 'error', verdict: 'error', detail: 'Error: boom\n    at run' });
  });

  it('records a case that timed out with its targets unmet', () => {
    const record = failedCase('restore', 'timeout', 'killed after 5 s', INFO);
    expect(record).toMatchObject({ status: 'timeout', verdict: 'timeout', description: 'restores' });
    expect(record.targets.map((t) => t.verdict)).toEqual(['missing', 'missing']);
  });
});
