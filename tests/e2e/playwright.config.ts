/**
 * End-to-end tests in a real Grafana: the docker compose stack (`docker compose up`), driven by
 * @grafana/plugin-e2e. They run in GitHub's CI (.github/workflows/ci.yml, job e2e), not on machines
 * without Docker; `npm run typecheck` checks them everywhere (tests/e2e/tsconfig.json).
 *   npx playwright test -c tests/e2e/playwright.config.ts
 */
import { dirname, resolve } from 'path';
import type { PluginOptions } from '@grafana/plugin-e2e';
import { defineConfig, devices } from '@playwright/test';

const pluginE2eAuth = `${dirname(require.resolve('@grafana/plugin-e2e'))}/auth`;
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
  projects: [
    { name: 'auth', testDir: pluginE2eAuth, testMatch: [/.*\.js/] },
    {
      name: 'grafana',
      use: { ...devices['Desktop Chrome'], storageState: resolve(root, 'playwright/.auth/admin.json') },
      dependencies: ['auth'],
    },
  ],
});
