/**
 * bench/register.js, plus .tsx files (the editors the DataSource module imports), for scripts that
 * run the whole DataSource: `node -r ./scripts/register-tsx.js scripts/….ts`.
 */
require('../bench/register.js');
const fs = require('fs');
const { transformSync } = require('@swc/core');

require.extensions['.tsx'] = function compileTsx(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
    },
  });
  module._compile(code, filename);
};
