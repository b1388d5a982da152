// `npm run test:live`: tests/live/*.test.ts against real Jaeger and Zipkin servers, which
// scripts/live/run.sh starts, seeds and stops (not part of `npm test`: it needs the servers).
// The unit project's setup (transforms, jsdom with fetch), with the live tests only.
const [unitAndIntegration] = require('./jest.config').projects;

module.exports = {
  ...unitAndIntegration,
  displayName: 'live',
  testMatch: ['<rootDir>/tests/live/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  // Real servers answer in their own time.
  testTimeout: 30_000,
};
