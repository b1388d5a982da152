/**
 * Once per jest run of the browser project: build the page (skipped when up to date) and start
 * one Chromium that every test file connects to. A failure here is handed to the tests, which
 * fail with it, rather than aborting the whole jest run (unit and integration tests still report).
 */
import { chromium } from 'playwright-core';

import { buildPage } from './build';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing } from './chromium';
import { BROWSER_ERROR_ENV, BROWSER_WS_ENV, setBrowserServer } from './shared-browser';

export default async function globalSetup(): Promise<void> {
  const problems: string[] = [];
  try {
    const { built, seconds } = await buildPage();
    // stderr: stdout may carry jest's --json report.
    process.stderr.write(
      built ? `\nbrowser test page built in ${seconds.toFixed(1)} s\n` : '\nbrowser test page up to date\n'
    );
  } catch (error) {
    problems.push(`The browser test page did not build:\n${error instanceof Error ? error.message : String(error)}`);
  }
  const missing = chromiumMissing();
  if (missing) {
    problems.push(missing);
  } else if (problems.length === 0) {
    try {
      const server = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      setBrowserServer(server);
      process.env[BROWSER_WS_ENV] = server.wsEndpoint();
    } catch (error) {
      problems.push(`Chromium (${CHROMIUM}) did not start:\n${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (problems.length > 0) {
    process.env[BROWSER_ERROR_ENV] = problems.join('\n\n');
  }
}
