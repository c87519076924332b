import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { CHROMIUM_ARGS, findChromium } from './test/support/find-chromium.js';

/**
 * Two test projects: `node` (unit tests, real files, worker_threads) and
 * `browser` (real Chromium: IndexedDB, Web Workers). The browser project never
 * skips silently: without a Chromium binary it fails and says how to get one.
 */
const chromium = findChromium();

/** Headless Chromium for a browser project (a fresh object per project). */
const browser = () => ({
  enabled: true,
  headless: true,
  screenshotFailures: false,
  provider: playwright({
    launchOptions: {
      executablePath: chromium.path,
      args: [...CHROMIUM_ARGS],
    },
  }),
  instances: [{ browser: 'chromium' as const }],
});
const requireChromium = chromium.path === undefined ? ['test/support/require-chromium.ts'] : [];

/**
 * Writes the Chromium golden savepoint (test/fixtures/savepoints/README.md).
 * Exists only when test/fixtures/generate-golden-savepoints.ts asks for it,
 * so `npm test` never regenerates a fixture.
 */
const goldenFixtures =
  process.env.WEIR_GENERATE_GOLDEN === 'chromium'
    ? [
        {
          test: {
            name: 'golden-fixtures',
            include: ['test/fixtures/generate-golden-savepoint-chromium.ts'],
            testTimeout: 120_000,
            globalSetup: requireChromium,
            browser: browser(),
          },
        },
      ]
    : [];

export default defineConfig({
  test: {
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest-report.json' }]] : ['default'],
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 30_000,
          globalSetup: requireChromium,
          browser: browser(),
        },
      },
      ...goldenFixtures,
    ],
  },
});
