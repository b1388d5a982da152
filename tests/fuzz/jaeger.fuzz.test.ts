/**
 * @jest-environment ./tests/fuzz/support/fuzz-environment.js
 */
// Mutated Jaeger recordings through the real DataSource over HTTP (npm run fuzz; README "Fuzzing").
import { JAEGER_PATHS } from './paths/jaeger';
import { fuzzPaths } from './support/fuzz-suite';

fuzzPaths('Jaeger', JAEGER_PATHS);
