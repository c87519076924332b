import type { BrowserCase } from './browser-case.js';

/**
 * Every browser benchmark case, by name. Each entry loads its module lazily,
 * so the page only loads (and Node never loads) the code of the cases it
 * runs, and a case whose weir code has not landed yet fails alone.
 *
 * To add a case: create `bench/browser/cases/<name>.ts` that default-exports
 * a {@link BrowserCase}, and add one line here.
 */
export const browserCases: Readonly<Record<string, () => Promise<{ default: BrowserCase }>>> = {
  'idb-throughput': () => import('./cases/idb-throughput.js'),
  'idb-checkpoint-storage': () => import('./cases/idb-checkpoint-storage.js'),
  'idb-seed-checkpointed': () => import('./cases/idb-seed-checkpointed.js'),
  'idb-restore-1m': () => import('./cases/idb-restore-1m.js'),
  'exchange-web-workers': () => import('./cases/exchange-web-workers.js'),
  'seed-web-workers': () => import('./cases/seed-web-workers.js'),
};

/** Names of all registered browser cases, in registration (and run) order. */
export function browserCaseNames(): string[] {
  return Object.keys(browserCases);
}

/** Loads the case registered as `name`; throws listing the known names if there is none. */
export async function loadBrowserCase(name: string): Promise<BrowserCase> {
  const load = Object.hasOwn(browserCases, name) ? browserCases[name] : undefined;
  if (load === undefined) throw new Error(`Unknown browser case "${name}". Known cases: ${browserCaseNames().join(', ')}.`);
  return (await load()).default;
}
