/**
 * What every browser test file needs: Chromium (started once by globalSetup), a fixture server
 * that also serves the page, a fresh browser context per test, and a screenshot at the end.
 */
import fs from 'fs';
import path from 'path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

import { FixtureServer } from '../../support/fixture-server';
import type { PageParams } from '../page/params';
import { pageUrl, startPageServer } from './page-server';
import { SCREENSHOT_DIR } from './paths';
import { BROWSER_ERROR_ENV, BROWSER_WS_ENV } from './shared-browser';

export interface BrowserSession {
  readonly server: FixtureServer;
  /** Opens the test page with these parameters and waits until it has rendered. */
  open(params: Partial<PageParams>): Promise<Page>;
  /** A full-page screenshot, test-results/browser/<name>.png. */
  screenshot(page: Page, name: string): Promise<void>;
  /** Ends a test: a full-page screenshot, then no uncaught error nor off-machine request in the page. */
  finish(page: Page, name: string): Promise<void>;
}

/** Registers beforeAll/afterAll/afterEach hooks for a test file and returns its session. */
export function browserSession(): BrowserSession {
  let browser: Browser | undefined;
  let server: FixtureServer | undefined;
  const contexts: BrowserContext[] = [];
  const problems = new Map<Page, Error[]>();
  const finished = new WeakSet<Page>();
  // A page load, Monaco and a query through the fixture server take a few seconds each
  // (testTimeout is a global option in jest 29, not a project one).
  jest.setTimeout(60_000);

  beforeAll(async () => {
    const problem = process.env[BROWSER_ERROR_ENV];
    if (problem) {
      throw new Error(problem);
    }
    const endpoint = process.env[BROWSER_WS_ENV];
    if (!endpoint) {
      throw new Error(
        'Chromium was not started: run the browser tests with jest (npm test), whose globalSetup starts it'
      );
    }
    browser = await chromium.connect(endpoint);
    server = await startPageServer();
  });

  afterEach(async () => {
    // A page whose test did not reach finish() failed: keep what it showed, for the failure report.
    const unfinished = [...problems.keys()].filter((page) => !finished.has(page));
    for (const [i, page] of unfinished.entries()) {
      const name = `${expect.getState().currentTestName ?? 'test'}-${i}`.replace(/[^\w.-]+/g, '-');
      await page
        .screenshot({ path: path.join(SCREENSHOT_DIR, 'failed', `${name}.png`), fullPage: true })
        .catch(() => undefined);
    }
    const uncaught = unfinished.flatMap((page) => problems.get(page) ?? []);
    problems.clear();
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    if (uncaught.length > 0) {
      throw new Error(`Uncaught in the page:\n${uncaught.map((error) => error.stack ?? error.message).join('\n\n')}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    get server() {
      if (!server) {
        throw new Error('the fixture server is not running (beforeAll failed)');
      }
      return server;
    },

    async open(params) {
      if (!browser || !server) {
        throw new Error('no browser (beforeAll failed)');
      }
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: params.theme });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      const errors: Error[] = [];
      problems.set(page, errors);
      // Everything comes from this machine: a request anywhere else (a CDN's Monaco) fails the test.
      const origin = server.origin;
      await context.route(
        (url) => url.origin !== origin,
        (route) => {
          errors.push(new Error(`request outside the test server: ${route.request().url()}`));
          return route.abort();
        }
      );
      const failed = new Promise<never>((_, reject) => {
        page.on('pageerror', (error) => {
          errors.push(error);
          reject(new Error(`The test page failed: ${error.stack ?? error.message}`));
        });
      });
      failed.catch(() => undefined); // reported by finish() when it comes after the page rendered
      await page.goto(pageUrl(server, params));
      await Promise.race([page.getByRole('heading', { level: 1, name: /^Threadline/ }).waitFor(), failed]);
      await expectThemed(page, params.theme ?? 'dark');
      return page;
    },

    async screenshot(page, name) {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    },

    async finish(page, name) {
      finished.add(page);
      await this.screenshot(page, name);
      expect(problems.get(page)?.map((error) => error.message) ?? []).toEqual([]);
    },
  };
}

/**
 * Retries `check` until it passes or `timeoutMs` runs out (like Playwright's `expect.poll`), for
 * state that has no element to wait on. Rethrows the last failure.
 */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Grafana's global styles are on: the page has the theme's background, not a browser's white. */
async function expectThemed(page: Page, theme: 'dark' | 'light'): Promise<void> {
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
  const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  const themed = theme === 'dark' ? luminance < 0.15 : luminance > 0.9 && background !== 'rgb(255, 255, 255)';
  if (!themed) {
    throw new Error(`the page's background is ${background}: Grafana's ${theme} theme is not applied`);
  }
}
