/**
 * @jest-environment ./tests/fuzz/support/fuzz-environment.js
 */
// Mutated Tempo recordings through the real DataSource over HTTP (npm run fuzz; README "Fuzzing").
import { TEMPO_PATHS } from './paths/tempo';
import { fuzzPaths } from './support/fuzz-suite';

fuzzPaths('Tempo', TEMPO_PATHS);
