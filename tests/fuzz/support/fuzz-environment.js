// The fuzz suite's test environment: jsdom with Node's fetch (tests/support/jsdom-with-fetch.js),
// and the real process for CaseWatch: a test's own `process` is a sandbox copy that never hears of
// uncaught exceptions or unhandled rejections, and jest-circus replaces the real process's
// listeners while a test runs, so the watch adds its own then.
const JsdomWithFetchEnvironment = require('../../support/jsdom-with-fetch');

class FuzzEnvironment extends JsdomWithFetchEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__fuzzRealProcess = process;
  }
}

module.exports = FuzzEnvironment;
