/**
 * End-to-end tests in a real Grafana: the docker compose stack (`docker compose up`), driven by
 * @grafana/plugin-e2e. They run in GitHub's CI (.github/workflows/ci.yml, job e2e), not on machines
 * without Docker; `npm run typecheck` checks them everywhere (the root tsconfig includes tests/).
 *   npx playwright test -c tests/e2e/playwright.config.ts
 */
import { resolve } from 'path';
import type { PluginOptions } from '@grafana/plugin-e2e';
import { defineConfig, devices } from '@playwright/test';

const root = resolve(__dirname, '../..');

export default defineConfig<PluginOptions>({
  testDir: __dirname,
  outputDir: resolve(root, 'test-results/e2e'),
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 2 : 0,
  workers: 1,
  reporter: [['list'], ['html', { outputFolder: resolve(root, 'playwright-report'), open: 'never' }]],
  use: {
    baseURL: process.env.GRAFANA_URL || 'http://localhost:3000',
    trace: 'on-first-retry',
    provisioningRootDir: resolve(root, 'provisioning'),
  },
  // The compose stack's Grafana lets anonymous users in as Admin, with its login form off: no login
  // step (plugin-e2e's auth project logs in through that form).
  projects: [{ name: 'grafana', use: { ...devices['Desktop Chrome'] } }],
});
