import type { BrowserServer } from 'playwright-core';

/** How globalSetup tells the test files (other processes) where Chromium listens, or why it does not. */
export const BROWSER_WS_ENV = 'THREADLINE_BROWSER_WS';
export const BROWSER_ERROR_ENV = 'THREADLINE_BROWSER_SETUP_ERROR';

// globalSetup and globalTeardown run in jest's main process and share its globals.
const holder = globalThis as { threadlineBrowserServer?: BrowserServer };

export function setBrowserServer(server: BrowserServer): void {
  holder.threadlineBrowserServer = server;
}

export function getBrowserServer(): BrowserServer | undefined {
  return holder.threadlineBrowserServer;
}
