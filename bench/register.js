/**
 * Lets `node -r ./bench/register.js bench/run.ts` run the TypeScript sources directly:
 * compiles .ts with @swc/core for a modern target (ES2022 unless BENCH_TARGET says otherwise),
 * so the numbers are not distorted by down-levelling, and gives @grafana/data the browser
 * globals it reads at load time (jsdom, as in the jest tests).
 */
const fs = require('fs');
const { transformSync } = require('@swc/core');

const target = process.env.BENCH_TARGET || 'es2022';

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: { target, parser: { syntax: 'typescript' }, keepClassNames: true },
  });
  module._compile(code, filename);
};

const { JSDOM } = require('jsdom');
const { window } = new JSDOM('<!doctype html><html><head></head><body></body></html>', { url: 'http://localhost/' });
globalThis.window = window;
const BROWSER_GLOBALS = [
  'document',
  'navigator',
  'localStorage',
  'HTMLElement',
  'Element',
  'Node',
  'getComputedStyle',
  'devicePixelRatio',
  'requestAnimationFrame',
  'cancelAnimationFrame',
];
for (const name of BROWSER_GLOBALS) {
  if (!(name in globalThis) && name in window) {
    globalThis[name] = window[name];
  }
}

// jsdom has no matchMedia (uPlot, inside @grafana/ui, calls it at load time); what the jest setup gives it.
globalThis.matchMedia = (query) => ({
  matches: false,
  media: query,
  onchange: null,
  addListener() {},
  removeListener() {},
  addEventListener() {},
  removeEventListener() {},
  dispatchEvent: () => false,
});
// uPlot dispatches a CustomEvent on jsdom's window at load time: it must be jsdom's, not Node's own.
globalThis.CustomEvent = window.CustomEvent;
// Stylesheets imported by @grafana/ui's CommonJS build (Grafana's own bundler handles them).
require.extensions['.css'] = () => {};
