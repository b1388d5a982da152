/**
 * Which Chromium the browser tests launch: `CHROMIUM_PATH` when set, else a system Chromium (Debian's
 * `/usr/bin/chromium` first, as on our machines and in CI), else the one `npx playwright install chromium`
 * downloads. Never a browser fetched by the tests themselves.
 */
import fs from 'fs';
import { chromium } from 'playwright-core';

const SYSTEM_CHROMIUMS: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome'],
  darwin: [
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  ],
};

/** How to get a browser on this platform, for the message of a machine without one. */
const HOW_TO_INSTALL: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'apt-get install chromium (Debian; .ci/run does this), dnf install chromium, or snap install chromium',
  darwin: 'brew install --cask chromium',
  win32: 'install Google Chrome',
};

/** The browser Playwright downloads into its cache (`npx playwright install chromium`), if it is there. */
function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

function candidates(): string[] {
  const system = SYSTEM_CHROMIUMS[process.platform] ?? [];
  const downloaded = playwrightChromium();
  return downloaded ? [...system, downloaded] : system;
}

const FROM_ENV = process.env.CHROMIUM_PATH || undefined;

export const CHROMIUM: string | undefined = FROM_ENV ?? candidates().find((p) => fs.existsSync(p));

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  // Our machines have no network: keep Chromium from trying (and logging refused connections).
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Playwright adds a fresh --user-data-dir (a new temporary profile) to every launch.
];

export function chromiumMissing(): string | undefined {
  if (CHROMIUM && fs.existsSync(CHROMIUM)) {
    return undefined;
  }
  if (FROM_ENV) {
    return `CHROMIUM_PATH is ${FROM_ENV}, which does not exist: point it at a Chromium or Chrome binary.`;
  }
  const system = HOW_TO_INSTALL[process.platform] ?? 'install Chromium with your package manager';
  return (
    `No Chromium found (looked in ${candidates().join(', ')}). The browser tests need one: ${system}; ` +
    'or, where the internet is reachable, `npx playwright install chromium`; ' +
    'or set CHROMIUM_PATH to a Chromium or Chrome binary.'
  );
}
