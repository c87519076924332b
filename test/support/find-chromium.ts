import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where the Chromium binary for the browser tests was found, or why not. */
export interface ChromiumLocation {
  readonly path: string | undefined;
  readonly searched: readonly string[];
}

/** Chromium flags for the tests and benchmarks: no sandbox (containers), no GPU, nothing phoning home. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const ENV_VARS = ['WEIR_CHROMIUM', 'CHROMIUM_PATH', 'CHROME_PATH'] as const;
const BINARIES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'] as const;

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds a Chromium or Chrome binary: first an environment variable
 * (WEIR_CHROMIUM, CHROMIUM_PATH, CHROME_PATH), then `chromium`,
 * `chromium-browser`, `google-chrome` on PATH.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLocation {
  const searched: string[] = [];
  for (const name of ENV_VARS) {
    const value = env[name];
    if (value) {
      searched.push(`$${name}=${value}`);
      if (isExecutable(value)) return { path: value, searched };
    }
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const binary of BINARIES) {
    for (const dir of dirs) {
      const candidate = join(dir, binary);
      if (isExecutable(candidate)) return { path: candidate, searched };
    }
    searched.push(`${binary} on PATH`);
  }
  return { path: undefined, searched };
}
