// Jest setup provided by Grafana scaffolding; it assumes a DOM, so integration tests
// that run in the node environment (real HTTP) skip it.
if (typeof window !== 'undefined') {
  require('./.config/jest-setup');
}
