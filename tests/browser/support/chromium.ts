/** Debian's Chromium, as the browser tests launch it (never a browser downloaded by Playwright). */
import fs from 'fs';

/** `CHROMIUM_PATH` overrides it, e.g. on a machine whose package installs it elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  // This machine has no network: keep Chromium from trying (and logging refused connections).
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Playwright adds a fresh --user-data-dir (a new temporary profile) to every launch.
];

export function chromiumMissing(): string | undefined {
  return fs.existsSync(CHROMIUM)
    ? undefined
    : `Chromium not found at ${CHROMIUM}: the browser tests need Debian's chromium package ` +
        '(apt-get install chromium; .ci/run installs it). Do not run `npx playwright install`: there is no internet.';
}
