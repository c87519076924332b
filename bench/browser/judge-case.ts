import type { CaseInfo, CaseOutcome, Metrics, Target } from './browser-case.js';
import type { BrowserCaseRecord, CaseVerdict, JudgedTarget } from './browser-record.js';

/** Checks one target against the metrics of a finished run. */
export function judgeTarget(target: Target, metrics: Metrics): JudgedTarget {
  const value = Object.hasOwn(metrics, target.metric) ? metrics[target.metric] : undefined;
  if (value === undefined || !Number.isFinite(value)) return { ...target, verdict: 'missing' };
  const pass = (target.atLeast === undefined || value >= target.atLeast) && (target.atMost === undefined || value <= target.atMost);
  return { ...target, value, verdict: pass ? 'pass' : 'FAIL' };
}

/** `pass` only if every target passed; `no target` without targets. */
function verdictOf(targets: readonly JudgedTarget[]): CaseVerdict {
  if (targets.length === 0) return 'no target';
  return targets.every((t) => t.verdict === 'pass') ? 'pass' : 'FAIL';
}

/** The record of a case whose run ended with `outcome` in the page. */
export function judgeCase(info: CaseInfo, outcome: CaseOutcome): BrowserCaseRecord {
  const base = { name: info.name, description: info.description };
  if (!outcome.ok) {
    return { ...base, status: 'error', verdict: 'error', targets: info.targets.map((t) => ({ ...t, verdict: 'missing' as const })), detail: outcome.error };
  }
  const targets = info.targets.map((t) => judgeTarget(t, outcome.metrics));
  return { ...base, status: 'ok', verdict: verdictOf(targets), params: outcome.params, metrics: outcome.metrics, targets, seconds: outcome.seconds };
}

/** The record of a case that produced no outcome: it did not load, or it ran out of time. */
export function failedCase(name: string, status: 'error' | 'timeout', detail: string, info?: CaseInfo): BrowserCaseRecord {
  return {
    name,
    ...(info === undefined ? {} : { description: info.description }),
    status,
    verdict: status,
    targets: (info?.targets ?? []).map((t) => ({ ...t, verdict: 'missing' as const })),
    detail,
  };
}
