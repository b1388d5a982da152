// The browser tests' jest project (see the root jest.config.js): Node environment, Playwright
// driving Debian's Chromium against the test page built once by globalSetup.
const path = require('path');

const base = require('../../.config/jest.config');

module.exports = {
  displayName: 'browser',
  rootDir: path.resolve(__dirname, '../..'),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/browser/**/*.browser.test.ts'],
  transform: base.transform,
  globalSetup: '<rootDir>/tests/browser/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/browser/support/global-teardown.ts',
};
