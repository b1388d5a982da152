// The fuzz suite (tests/fuzz, `npm run fuzz`): apart from `npm test`, as the live suite is.
// FUZZ_SEED, FUZZ_CASES (per path), FUZZ_PATH and FUZZ_CASE choose what runs (README, "Fuzzing").
const fs = require('fs');
const path = require('path');

const [unit] = require('./jest.config').projects;
// jest --outputFile writes into an existing folder only (`npm run fuzz` alone, before any npm test).
fs.mkdirSync(path.join(__dirname, 'test-results'), { recursive: true });

module.exports = {
  ...unit,
  displayName: 'fuzz',
  testMatch: ['<rootDir>/tests/fuzz/**/*.fuzz.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  // Each file is a backend's paths; two workers keep both cores busy.
  maxWorkers: 2,
};
