// force timezone to UTC to allow tests to work regardless of local timezone
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');

const swc = base.transform['^.+\\.(t|j)sx?$'];

const unitAndIntegration = {
  displayName: 'unit',
  rootDir: __dirname,
  ...base,
  // @grafana/data 13.1 loads d3-color's .mjs build: transform .mjs too.
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  // @grafana/flamegraph (the flame graph tests) loads d3 7, ESM only, with its d3-* modules;
  // @grafana/plugin-ui's config components pull in ES-module-only packages (cel-js, uuid).
  transformIgnorePatterns: [
    nodeModulesToTransform([
      ...grafanaESModules,
      '@grafana/lezer-traceql',
      '@lezer',
      'd3-[a-z-]+',
      'internmap',
      'delaunator',
      'robust-predicates',
      '@marcbachmann/cel-js',
      'uuid',
    ]),
  ],
  testMatch: [...base.testMatch, '<rootDir>/tests/**/*.test.{ts,tsx}', '<rootDir>/bench/**/*.test.ts'],
  // The browser tests are the second project below; the live tests and the fuzz suite run apart
  // (jest.live.config.js, jest.fuzz.config.js; tests/fuzz/regressions.test.ts is an ordinary test).
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/tests/browser/',
    '<rootDir>/tests/live/',
    '\\.fuzz\\.test\\.ts$',
  ],
};

// One jest run, one combined count: unit + integration tests, and the browser tests in their own
// project (Node environment, Chromium; tests/browser/jest.config.js).
module.exports = {
  projects: [unitAndIntegration, require('./tests/browser/jest.config')],
};
