/**
 * @jest-environment ./tests/fuzz/support/fuzz-environment.js
 */
// Mutated trace files through the upload path of the real DataSource (npm run fuzz; README "Fuzzing").
import { TRACE_FILE_PATHS } from './paths/trace-files';
import { fuzzPaths } from './support/fuzz-suite';

fuzzPaths('Trace files', TRACE_FILE_PATHS);
