// jsdom (which @grafana/data needs: it reads window at load time) plus Node's own fetch,
// so integration tests make real HTTP requests the way the browser does in Grafana.
const { TestEnvironment } = require('jest-environment-jsdom');

class JsdomWithFetchEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    Object.assign(this.global, {
      fetch,
      Headers,
      Request,
      Response,
      AbortController,
      AbortSignal,
      TextDecoder,
      TextEncoder,
    });
  }
}

module.exports = JsdomWithFetchEnvironment;
