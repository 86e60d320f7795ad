// Launches Debian's Chromium through playwright-core (no browser download: the machine has
// no network beyond the package registries).

import { chromium } from 'playwright-core';

/** The Chromium binary: CHROMIUM_PATH, or Debian's. */
export const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for a closed network: without them Chromium keeps trying to reach its vendor's
 * services and fills the log with refused connections.
 */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium. */
export function launch() {
  return chromium.launch({ executablePath, args: ARGS, headless: true });
}
