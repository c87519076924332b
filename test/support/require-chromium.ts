import { findChromium } from './find-chromium.js';

/**
 * Global setup of the browser project when no Chromium was found: fail loudly
 * with instructions instead of skipping the browser tests.
 */
export default function requireChromium(): void {
  const { searched } = findChromium();
  throw new Error(
    `weir's browser tests need a Chromium or Chrome binary and none was found (looked at: ${searched.join(', ')}). ` +
      'Install one (Debian/Ubuntu: apt-get install -y chromium) or point WEIR_CHROMIUM at the binary.',
  );
}
