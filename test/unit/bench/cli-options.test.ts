import { describe, expect, it } from 'vitest';
import { parseBenchArgs, parseBrowserParams, UsageError } from '../../../bench/cli-options.js';

describe('parseBenchArgs: browser sections', () => {
  it('runs both sections by default', () => {
    const options = parseBenchArgs([])!;
    expect(options.sections).toBe('all');
    expect(options.browserParams.size).toBe(0);
  });

  it('reads --browser-only and --no-browser', () => {
    expect(parseBenchArgs(['--browser-only'])!.sections).toBe('browser-only');
    expect(parseBenchArgs(['--no-browser'])!.sections).toBe('no-browser');
  });

  it('refuses --browser-only together with --no-browser', () => {
    expect(() => parseBenchArgs(['--browser-only', '--no-browser'])).toThrow(UsageError);
  });

  it('collects --browser-param overrides by case, repeated or comma-separated', () => {
    const options = parseBenchArgs([
      '--browser-param',
      'idb-seed-checkpointed.events=2_000_000,idb-seed-checkpointed.rounds=1',
      '--browser-param',
      'idb-restore-1m.keys=1e5',
    ])!;
    expect(Object.fromEntries(options.browserParams)).toEqual({
      'idb-seed-checkpointed': { events: 2_000_000, rounds: 1 },
      'idb-restore-1m': { keys: 100_000 },
    });
  });
});

describe('parseBrowserParams', () => {
  it.each(['events=5', 'case.events', 'case.events=many', 'a.b.c=1', '.events=1'])('rejects "%s"', (bad) => {
    expect(() => parseBrowserParams([bad])).toThrow(UsageError);
  });

  it('lets a later value of the same parameter win', () => {
    expect(parseBrowserParams(['c.n=1', 'c.n=2']).get('c')).toEqual({ n: 2 });
  });
});
