// The fuzz suite (tests/fuzz, `npm run fuzz`): apart from `npm test`, as the live suite is.
// FUZZ_SEED, FUZZ_CASES (per path), FUZZ_PATH and FUZZ_CASE choose what runs (README, "Fuzzing").
const [unit] = require('./jest.config').projects;

module.exports = {
  ...unit,
  displayName: 'fuzz',
  testMatch: ['<rootDir>/tests/fuzz/**/*.fuzz.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  // Each file is a backend's paths; two workers keep both cores busy.
  maxWorkers: 2,
};
