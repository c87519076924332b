/**
 * The benchmark page's module (loaded by `index.html`): installs
 * `window.weirBench` ({@link WeirBenchPage}) for Node to call through
 * `page.evaluate`. Cases load lazily from the registry on first use.
 */
import type { CaseInfo, CaseOutcome, CaseParams, WeirBenchPage } from './browser-case.js';
import { browserCaseNames, loadBrowserCase } from './cases.js';

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const stack = error.stack ?? `${error.name}: ${error.message}`;
  return typeof code === 'string' ? `[${code}] ${stack}` : stack;
}

const weirBench: WeirBenchPage = {
  names: browserCaseNames,

  async describe(name: string): Promise<CaseInfo> {
    const c = await loadBrowserCase(name);
    return {
      name: c.name,
      description: c.description,
      defaultParams: { ...c.defaultParams },
      targets: [...(c.targets ?? [])],
      ...(c.timeoutSeconds === undefined ? {} : { timeoutSeconds: c.timeoutSeconds }),
    };
  },

  async run(name: string, overrides: CaseParams): Promise<CaseOutcome> {
    try {
      const c = await loadBrowserCase(name);
      const unknown = Object.keys(overrides).filter((key) => !Object.hasOwn(c.defaultParams, key));
      if (unknown.length > 0) {
        throw new Error(`Case "${name}" has no parameter ${unknown.join(', ')}; its parameters: ${Object.keys(c.defaultParams).join(', ')}.`);
      }
      const params = { ...c.defaultParams, ...overrides };
      const t0 = performance.now();
      const metrics = await c.run(params);
      return { ok: true, params, metrics, seconds: (performance.now() - t0) / 1000 };
    } catch (error) {
      return { ok: false, error: describeError(error) };
    }
  },
};

(window as unknown as { weirBench: WeirBenchPage }).weirBench = weirBench;
