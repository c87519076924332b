import { chromium, type Browser, type Page } from 'playwright-core';
import { createLogger, createServer, type Logger, type ViteDevServer } from 'vite';
import { CHROMIUM_ARGS } from '../../test/support/find-chromium.js';
import { REPO_ROOT } from '../spawn-child.js';
import type { CaseInfo, CaseOutcome, CaseParams, WeirBenchPage } from './browser-case.js';
import { withTimeout } from './with-timeout.js';

/** The benchmark page, relative to the repository root (the dev server's root). */
const PAGE_PATH = '/bench/browser/index.html';

/** Options of {@link BrowserSession.open}. */
export interface BrowserSessionOptions {
  /** The Chromium binary (see `test/support/find-chromium.ts`). */
  readonly executablePath: string;
  /** Limit for starting the server and browser and loading the page, in ms. */
  readonly startTimeoutMs: number;
  /** Called with each console error and uncaught error of the page, and each vite warning. */
  readonly onPageLog?: (line: string) => void;
}

/**
 * A vite logger that keeps the first line of each error (for the failing
 * case's detail: a dynamic import that failed only says "Failed to fetch")
 * and passes warnings to `onLine` without their code frames.
 */
function collectingLogger(errors: string[], onLine: ((line: string) => void) | undefined): Logger {
  const logger = createLogger('warn', { allowClearScreen: false });
  const firstLine = (message: string): string => message.split('\n')[0]!.trim();
  logger.warn = (message) => onLine?.(`[vite] ${firstLine(message)}`);
  logger.warnOnce = logger.warn;
  logger.error = (message) => {
    const line = firstLine(message);
    if (errors.at(-1) !== line) errors.push(line);
  };
  return logger;
}

type WindowWithBench = { weirBench: WeirBenchPage };
/** Set by `index.html` when the page module fails to load. */
type WindowWhileLoading = { weirBench?: WeirBenchPage; weirBenchLoadError?: string };

/**
 * A vite dev server rooted at the repository plus a headless Chromium with
 * the benchmark page loaded: Node's handle on `window.weirBench`.
 *
 * `open()` cleans up whatever it started if any step fails; `close()` is
 * idempotent and never throws. After a case times out the page may still be
 * busy: close the session and open another.
 *
 * @example
 * ```ts
 * const session = await BrowserSession.open({ executablePath, startTimeoutMs: 60_000 });
 * try {
 *   const outcome = await session.run('idb-throughput', {}, 120_000);
 * } finally {
 *   await session.close();
 * }
 * ```
 */
export class BrowserSession {
  private closed = false;

  private constructor(
    /** vite's errors since the last {@link takeServerErrors}. */
    private readonly serverErrors: string[],
    private readonly server: ViteDevServer,
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  /**
   * Starts the dev server, launches Chromium and loads the page.
   * @throws TimeoutError after `startTimeoutMs`; the error of the failing step otherwise.
   */
  static async open(options: BrowserSessionOptions): Promise<BrowserSession> {
    const serverErrors: string[] = [];
    let server: ViteDevServer | undefined;
    let browser: Browser | undefined;
    const release = async (): Promise<void> => {
      await browser?.close().catch(() => {});
      await server?.close().catch(() => {});
    };
    const start = async (): Promise<BrowserSession> => {
      server = await createServer({
        root: REPO_ROOT,
        configFile: false, // the repo's vite.config.ts configures vitest, not this page
        customLogger: collectingLogger(serverErrors, options.onPageLog),
        clearScreen: false,
        // Dependencies are served as their own ES modules: no pre-bundling pass
        // that could reload the page in the middle of a measurement.
        optimizeDeps: { noDiscovery: true, include: [] },
        server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
      });
      await server.listen();
      const base = server.resolvedUrls?.local[0];
      if (base === undefined) throw new Error('the vite dev server did not report its URL');
      browser = await chromium.launch({ executablePath: options.executablePath, headless: true, args: [...CHROMIUM_ARGS] });
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => {
        errors.push(error.message);
        options.onPageLog?.(`uncaught: ${error.stack ?? error.message}`);
      });
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        errors.push(message.text());
        options.onPageLog?.(message.text());
      });
      await page.goto(new URL(PAGE_PATH, base).href);
      const loaded = await page.waitForFunction(
        () => {
          const w = window as unknown as WindowWhileLoading;
          return w.weirBench === undefined ? (w.weirBenchLoadError ?? false) : 'ok';
        },
        undefined,
        { timeout: 0 }, // withTimeout below bounds the whole start
      );
      const state = await loaded.jsonValue();
      if (state !== 'ok') throw new Error(`${state}: ${[...serverErrors, ...errors].join('; ')}`);
      serverErrors.length = 0;
      return new BrowserSession(serverErrors, server, browser, page);
    };
    const starting = start();
    try {
      return await withTimeout(starting, options.startTimeoutMs, 'starting vite and Chromium and loading the benchmark page');
    } catch (error) {
      // Closing what exists makes a still-pending step fail; whatever it opens afterwards is closed too.
      void starting.then((session) => session.close(), release);
      await release();
      throw error;
    }
  }

  /** The Chromium version, e.g. `156.0.8078.79`. */
  get browserVersion(): string {
    return this.browser.version();
  }

  /** vite's errors (first lines) since the last call, e.g. an import that does not resolve; clears them. */
  takeServerErrors(): string[] {
    return this.serverErrors.splice(0);
  }

  /** The case's description, defaults and targets; rejects if its module does not load in the page. */
  describe(name: string, timeoutMs: number): Promise<CaseInfo> {
    const call = this.page.evaluate((n) => (window as unknown as WindowWithBench).weirBench.describe(n), name);
    return withTimeout(call, timeoutMs, `loading browser case ${name}`);
  }

  /**
   * Runs one case in the page.
   * @throws TimeoutError after `timeoutMs` (the page may still be running it: close the session).
   */
  run(name: string, overrides: CaseParams, timeoutMs: number): Promise<CaseOutcome> {
    const call = this.page.evaluate(([n, o]) => (window as unknown as WindowWithBench).weirBench.run(n, o), [name, overrides] as const);
    return withTimeout(call, timeoutMs, `browser case ${name}`);
  }

  /** Closes the browser and the dev server; idempotent, never throws. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.browser.close().catch(() => {});
    await this.server.close().catch(() => {});
  }
}
