/**
 * @jest-environment ./tests/fuzz/support/fuzz-environment.js
 */
// Mutated Zipkin recordings through the real DataSource over HTTP (npm run fuzz; README "Fuzzing").
import { ZIPKIN_PATHS } from './paths/zipkin';
import { fuzzPaths } from './support/fuzz-suite';

fuzzPaths('Zipkin', ZIPKIN_PATHS);
